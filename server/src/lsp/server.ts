/**
 * The mmreview language server, independent of its transport: wires the
 * document store, the analysis scheduler and the handlers to a connection.
 * server-main.ts (VS Code, IPC or stdio) and `mmreview lsp --stdio` start it
 * through connect.ts; tests may start it on in-memory streams.
 */
import {
  CodeActionKind, type Connection, DidChangeConfigurationNotification, type InitializeParams,
  type InitializeResult, type ServerCapabilities, TextDocuments, TextDocumentSyncKind,
} from 'vscode-languageserver';
import { TextDocument } from 'vscode-languageserver-textdocument';
import { AnalysisEngine } from './analysis-engine.js';
import { AnalysisScheduler } from './analysis-scheduler.js';
import { type ClientFeatures, readClientFeatures, readWorkspaceFolders } from './client-features.js';
import { fetchSettings } from './configuration.js';
import { clearDiagnostics, EMPTY_REPORT, publishDiagnostics, pullDiagnostics } from './diagnostics.js';
import { codeActions, codeLensesOf, documentSymbols, hover } from './language-features.js';
import { changedFunctions, scenarioNames, simulation } from './custom-requests.js';
import {
  FUNCTIONS_REQUEST, REANALYSE_REQUEST, type ReanalyseParams, SCENARIOS_REQUEST, SIMULATION_REQUEST,
} from './protocol.js';
import { guarded, type Logger } from './safe-handler.js';
import type { ServerHost } from './server-host.js';
import { analysingStatus, finishedStatus, sendStatus } from './status.js';

export function connectionLogger(connection: Connection): Logger {
  return {
    error: (m) => connection.console.error(m),
    warn: (m) => connection.console.warn(m),
    info: (m) => connection.console.info(m),
  };
}

export function serverCapabilities(features: ClientFeatures): ServerCapabilities {
  return {
    textDocumentSync: { openClose: true, change: TextDocumentSyncKind.Incremental },
    hoverProvider: true,
    codeActionProvider: { codeActionKinds: [CodeActionKind.QuickFix] },
    documentSymbolProvider: { label: 'mmreview' },
    codeLensProvider: { resolveProvider: false },
    diagnosticProvider: features.pullDiagnostics
      ? { identifier: 'mmreview', interFileDependencies: false, workspaceDiagnostics: false }
      : undefined,
    workspace: { workspaceFolders: { supported: true, changeNotifications: true } },
  };
}

export function startServer(connection: Connection, host: ServerHost): void {
  const log = connectionLogger(connection);
  const documents = new TextDocuments(TextDocument);
  const engine = new AnalysisEngine(host, log);
  let features = readClientFeatures({ capabilities: {} } as InitializeParams);
  let folders: string[] = [];

  const scheduler = new AnalysisScheduler({
    run: (doc, cancel) => engine.analyse(doc, cancel),
    delayMs: () => engine.currentSettings.debounceMs,
    started: (doc) => { if (features.statusNotifications) sendStatus(connection, analysingStatus(doc)); },
    finished: (doc) => {
      if (!features.pullDiagnostics) publishDiagnostics(connection, doc);
      if (features.statusNotifications) sendStatus(connection, finishedStatus(doc));
    },
    log,
  });

  const snapshotOf = (doc: TextDocument) => ({ uri: doc.uri, version: doc.version, text: doc.getText() });

  /** Analyse open documents again (after a settings change or on request). */
  function reanalyse(uris: string[]): void {
    for (const uri of uris) {
      const doc = documents.get(uri);
      if (doc) scheduler.schedule(snapshotOf(doc), 0);
    }
    if (features.pullDiagnostics && features.diagnosticRefresh) connection.languages.diagnostics.refresh();
  }

  let configuredAs: string | undefined;

  /**
   * Reads the settings and the kernel tree again. Unless forced, nothing is
   * redone when they did not change (VS Code sends a change right after
   * registration, and for edits of unrelated settings).
   */
  async function reconfigure(pushed?: unknown, force = false): Promise<void> {
    const settings = await fetchSettings(connection, features, log, pushed).catch((err) => {
      log.error(`mmreview: could not read the settings: ${String(err)}`);
      return engine.currentSettings;
    });
    const tree = host.resolveKernelTree(settings.kernelTree, folders);
    const key = JSON.stringify([settings, tree.root, tree.problem]);
    if (!force && key === configuredAs) return;
    configuredAs = key;
    if (tree.problem) log.warn(`mmreview: kernel tree: ${tree.problem}`);
    else if (tree.root) log.info(`mmreview: using the kernel tree at ${tree.root}`);
    engine.configure(settings, tree.tree);
    reanalyse(documents.keys());
  }

  connection.onInitialize(guarded(log, 'initialize', () => ({ capabilities: {} }), (params: InitializeParams): InitializeResult => {
    features = readClientFeatures(params);
    folders = readWorkspaceFolders(params);
    return { capabilities: serverCapabilities(features), serverInfo: { name: 'mmreview' } };
  }));

  connection.onInitialized(guarded(log, 'initialized', () => undefined, async () => {
    // Registration is a nicety; a client that refuses it must still get its settings read.
    if (features.configurationChangeRegistration) {
      await connection.client.register(DidChangeConfigurationNotification.type, { section: 'mmreview' })
        .catch((err) => log.warn(`mmreview: could not register for configuration changes: ${String(err)}`));
    }
    if (features.workspaceFolders) {
      connection.workspace.onDidChangeWorkspaceFolders(guarded(log, 'workspaceFolders', () => undefined, async (e) => {
        const removed = new Set(e.removed.map((f) => f.uri));
        folders = [...folders.filter((f) => !removed.has(f)), ...e.added.map((f) => f.uri)];
        await reconfigure();
      }));
    }
    await reconfigure();
  }));

  connection.onDidChangeConfiguration(guarded(log, 'didChangeConfiguration', () => undefined,
    (params) => reconfigure(params?.settings)));

  documents.onDidChangeContent(guarded(log, 'didChange', () => undefined, (e) => {
    // A freshly opened document is analysed at once; edits wait for typing to pause.
    const known = scheduler.uris().includes(e.document.uri);
    scheduler.schedule(snapshotOf(e.document), known ? undefined : 0);
  }));
  documents.onDidClose(guarded(log, 'didClose', () => undefined, (e) => {
    scheduler.forget(e.document.uri);
    if (!features.pullDiagnostics) clearDiagnostics(connection, e.document.uri);
  }));

  connection.onHover(guarded(log, 'hover', () => null, (p) => hover(scheduler, p)));
  connection.onCodeAction(guarded(log, 'codeAction', () => [], (p) => codeActions(scheduler, p)));
  connection.onDocumentSymbol(guarded(log, 'documentSymbol', () => [], (p) => documentSymbols(scheduler, features, p)));
  connection.onCodeLens(guarded(log, 'codeLens', () => [], (p) => codeLensesOf(scheduler, p)));
  connection.languages.diagnostics.on(guarded(log, 'diagnostic', () => EMPTY_REPORT,
    (p, token) => pullDiagnostics(scheduler, p, token)));

  connection.onRequest(SIMULATION_REQUEST, guarded(log, 'simulation', () => null, (p) => simulation(scheduler, p)));
  connection.onRequest(FUNCTIONS_REQUEST, guarded(log, 'functions', () => [], (p) => changedFunctions(scheduler, p)));
  connection.onRequest(SCENARIOS_REQUEST, guarded(log, 'scenarios', () => [], () => scenarioNames()));
  // Every open document is redone (the kernel tree is re-read for all of them); the uri is accepted for later use.
  connection.onRequest(REANALYSE_REQUEST, guarded(log, 'reanalyse', () => null, async (_p?: ReanalyseParams) => {
    await reconfigure(undefined, true);
    return null;
  }));

  documents.listen(connection);
  connection.listen();
}
