/**
 * The VS Code extension: starts the language client, and adds the status
 * bar item, the output channel, the simulation documents and the commands.
 */
import * as vscode from 'vscode';
import type { LanguageClient } from 'vscode-languageclient/node';
import { SIMULATION_SCHEME, STATUS_NOTIFICATION, type StatusParams } from '../../server/src/lsp/protocol.js';
import { registerCommands } from './commands.js';
import { createLanguageClient } from './language-client.js';
import { SimulationProvider } from './simulation-provider.js';
import { StatusBar } from './status-bar.js';

let client: LanguageClient | undefined;

export async function activate(context: vscode.ExtensionContext): Promise<void> {
  const output = vscode.window.createOutputChannel('mmreview');
  const statusBar = new StatusBar();
  client = createLanguageClient(context, output);
  const simulations = new SimulationProvider(client);
  context.subscriptions.push(
    output,
    statusBar,
    simulations,
    vscode.workspace.registerTextDocumentContentProvider(SIMULATION_SCHEME, simulations),
    ...registerCommands(client),
    client.onNotification(STATUS_NOTIFICATION, (status: StatusParams) => {
      statusBar.update(status);
      simulations.sourceAnalysed(status);
    }),
  );
  try {
    await client.start();
  } catch (err) {
    output.appendLine(`mmreview: the language server did not start: ${err instanceof Error ? err.stack : String(err)}`);
    void vscode.window.showErrorMessage('mmreview: the language server did not start; see the mmreview output.');
  }
}

export async function deactivate(): Promise<void> {
  await client?.stop();
  client = undefined;
}
