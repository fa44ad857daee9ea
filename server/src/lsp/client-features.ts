/**
 * What the connected client can do, read once from `initialize`, so handlers
 * ask a plain flag instead of walking the capability tree.
 */
import type { InitializeParams } from 'vscode-languageserver';
import type { InitializationOptions } from './protocol.js';

export interface ClientFeatures {
  /** textDocument/diagnostic: the client pulls, so the server does not push. */
  pullDiagnostics: boolean;
  /** workspace/diagnostic/refresh: the server may ask for a re-pull after a settings change. */
  diagnosticRefresh: boolean;
  /** workspace/configuration. */
  configuration: boolean;
  /** Dynamic registration of workspace/didChangeConfiguration. */
  configurationChangeRegistration: boolean;
  hierarchicalSymbols: boolean;
  /** workspace/didChangeWorkspaceFolders. */
  workspaceFolders: boolean;
  /** The client understands `mmreview/status`. */
  statusNotifications: boolean;
}

export function readClientFeatures(params: InitializeParams): ClientFeatures {
  const caps = params.capabilities ?? {};
  const options = (params.initializationOptions ?? {}) as InitializationOptions;
  return {
    pullDiagnostics: !!caps.textDocument?.diagnostic,
    diagnosticRefresh: !!caps.workspace?.diagnostics?.refreshSupport,
    configuration: !!caps.workspace?.configuration,
    configurationChangeRegistration: !!caps.workspace?.didChangeConfiguration?.dynamicRegistration,
    hierarchicalSymbols: !!caps.textDocument?.documentSymbol?.hierarchicalDocumentSymbolSupport,
    workspaceFolders: !!caps.workspace?.workspaceFolders,
    statusNotifications: options.statusNotifications === true,
  };
}

/** The workspace folders a client announced, as URIs. */
export function readWorkspaceFolders(params: InitializeParams): string[] {
  if (params.workspaceFolders?.length) return params.workspaceFolders.map((f) => f.uri);
  if (params.rootUri) return [params.rootUri];
  return [];
}
