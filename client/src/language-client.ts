/**
 * The LanguageClient that runs dist/server.js over Node IPC for kernel patch
 * mail documents, in any scheme (virtual workspaces included).
 */
import * as vscode from 'vscode';
import { LanguageClient, type LanguageClientOptions, type ServerOptions, TransportKind } from 'vscode-languageclient/node';
import { type InitializationOptions, LANGUAGE_ID } from '../../server/src/lsp/protocol.js';

export function createLanguageClient(context: vscode.ExtensionContext, output: vscode.OutputChannel): LanguageClient {
  const module = context.asAbsolutePath('dist/server.js');
  const serverOptions: ServerOptions = {
    run: { module, transport: TransportKind.ipc },
    debug: { module, transport: TransportKind.ipc, options: { execArgv: ['--nolazy', '--inspect=6009'] } },
  };
  const initializationOptions: InitializationOptions = { statusNotifications: true };
  const clientOptions: LanguageClientOptions = {
    documentSelector: [{ language: LANGUAGE_ID }],
    outputChannel: output,
    initializationOptions,
  };
  return new LanguageClient('mmreview', 'mmreview', serverOptions, clientOptions);
}
