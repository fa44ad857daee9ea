/**
 * Serves the `mmreview-sim:` documents: asks the server for the simulation
 * text of one function, and refreshes open ones when their source document
 * has been analysed again.
 */
import * as vscode from 'vscode';
import type { LanguageClient } from 'vscode-languageclient/node';
import {
  SIMULATION_REQUEST, SIMULATION_SCHEME, type SimulationParams, type SimulationResult, type StatusParams,
} from '../../server/src/lsp/protocol.js';
import { parseSimulationQuery, simulationPath, simulationQuery } from './simulation-uri.js';

export class SimulationProvider implements vscode.TextDocumentContentProvider, vscode.Disposable {
  private readonly changed = new vscode.EventEmitter<vscode.Uri>();
  readonly onDidChange = this.changed.event;

  constructor(private readonly client: LanguageClient) {}

  static uriFor(documentUri: string, functionId: string, functionName: string): vscode.Uri {
    return vscode.Uri.from({
      scheme: SIMULATION_SCHEME,
      path: simulationPath(functionName),
      query: simulationQuery({ uri: documentUri, functionId }),
    });
  }

  async provideTextDocumentContent(uri: vscode.Uri, token: vscode.CancellationToken): Promise<string> {
    const target = parseSimulationQuery(uri.query);
    if (!target) return 'mmreview: this simulation link is malformed.';
    const params: SimulationParams = target;
    const text = await this.client.sendRequest<SimulationResult>(SIMULATION_REQUEST, params, token);
    return text ?? `mmreview: no simulation of ${target.functionId} in ${target.uri} (the document may be closed or changed).`;
  }

  /** The source document was analysed again: open simulations of it may have changed. */
  sourceAnalysed(status: StatusParams): void {
    if (status.state !== 'done') return;
    for (const doc of vscode.workspace.textDocuments) {
      if (doc.uri.scheme === SIMULATION_SCHEME && parseSimulationQuery(doc.uri.query)?.uri === status.uri) {
        this.changed.fire(doc.uri);
      }
    }
  }

  dispose(): void {
    this.changed.dispose();
  }
}
