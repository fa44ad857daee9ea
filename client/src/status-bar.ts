/**
 * The status bar item: the analysis state of the active kernel patch mail
 * document, fed by the server's `mmreview/status` notifications.
 */
import * as vscode from 'vscode';
import { LANGUAGE_ID, type StatusParams } from '../../server/src/lsp/protocol.js';
import { statusView } from './status-text.js';

export class StatusBar implements vscode.Disposable {
  private readonly item = vscode.window.createStatusBarItem(vscode.StatusBarAlignment.Left, 10);
  private readonly statuses = new Map<string, StatusParams>();
  private readonly subscriptions: vscode.Disposable[] = [];

  constructor() {
    this.item.name = 'mmreview';
    this.item.command = 'workbench.actions.view.problems';
    this.subscriptions.push(
      vscode.window.onDidChangeActiveTextEditor(() => this.render()),
      vscode.workspace.onDidCloseTextDocument((doc) => this.statuses.delete(doc.uri.toString())),
    );
    this.render();
  }

  update(status: StatusParams): void {
    const previous = this.statuses.get(status.uri);
    // Notifications of an older version can arrive after a newer one started.
    if (previous && previous.version > status.version) return;
    this.statuses.set(status.uri, status);
    this.render();
  }

  private render(): void {
    const doc = vscode.window.activeTextEditor?.document;
    if (!doc || doc.languageId !== LANGUAGE_ID) {
      this.item.hide();
      return;
    }
    const view = statusView(this.statuses.get(doc.uri.toString()));
    this.item.text = view.text;
    this.item.tooltip = view.tooltip;
    this.item.show();
  }

  dispose(): void {
    this.item.dispose();
    for (const s of this.subscriptions) s.dispose();
  }
}
