/**
 * A real LSP client for the tests: spawns the mmreview server over stdio (from
 * source through tsx, or a given bundle), speaks to it with
 * vscode-languageserver-protocol, answers the server's own requests
 * (workspace/configuration, registration, refresh) and records what the
 * server sends. Waits are on events, with a timeout only to fail a test.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import path from 'node:path';
import {
  type ClientCapabilities, createProtocolConnection, type InitializeResult, type LogMessageParams,
  type ProtocolConnection, type PublishDiagnosticsParams, StreamMessageReader, StreamMessageWriter,
  type TextDocumentContentChangeEvent,
} from 'vscode-languageserver-protocol/node';

const root = process.cwd();

export interface StartOptions {
  /** Declare textDocument/diagnostic support, so the server expects pulls. */
  pull?: boolean;
  /** Answer to workspace/configuration for `mmreview`. */
  settings?: unknown;
  env?: Record<string, string>;
  /** Node arguments that start the server, instead of the sources' server-main.ts --stdio. */
  nodeArgs?: string[];
  /** Working directory of the server process (default: the checkout). */
  cwd?: string;
  initializationOptions?: unknown;
  workspaceFolders?: { uri: string; name: string }[];
}

type Listener = () => void;

export class LspTestClient {
  readonly diagnostics: PublishDiagnosticsParams[] = [];
  readonly logs: LogMessageParams[] = [];
  readonly notifications: { method: string; params: unknown }[] = [];
  readonly stderr: string[] = [];
  settings: unknown;
  initializeResult!: InitializeResult;
  private readonly listeners = new Set<Listener>();

  private constructor(readonly child: ChildProcess, readonly connection: ProtocolConnection, settings: unknown) {
    this.settings = settings;
  }

  static async start(options: StartOptions = {}): Promise<LspTestClient> {
    const args = options.nodeArgs ?? ['--import', 'tsx', path.join(root, 'server/src/server-main.ts'), '--stdio'];
    const child = spawn(process.execPath, args, {
      cwd: options.cwd ?? root,
      env: { ...process.env, ...options.env },
      stdio: ['pipe', 'pipe', 'pipe'],
    });
    const connection = createProtocolConnection(new StreamMessageReader(child.stdout!), new StreamMessageWriter(child.stdin!));
    const client = new LspTestClient(child, connection, options.settings ?? {});
    client.wire();
    connection.listen();
    client.initializeResult = await connection.sendRequest('initialize', {
      processId: process.pid,
      rootUri: null,
      workspaceFolders: options.workspaceFolders ?? null,
      capabilities: capabilities(!!options.pull),
      initializationOptions: options.initializationOptions ?? { statusNotifications: true },
    });
    await connection.sendNotification('initialized', {});
    return client;
  }

  private wire(): void {
    const c = this.connection;
    this.child.stderr!.on('data', (d: Buffer) => this.stderr.push(d.toString()));
    c.onNotification('textDocument/publishDiagnostics', (p: PublishDiagnosticsParams) => this.record(() => this.diagnostics.push(p)));
    c.onNotification('window/logMessage', (p: LogMessageParams) => this.record(() => this.logs.push(p)));
    for (const method of ['mmreview/status', 'window/showMessage', 'telemetry/event']) {
      c.onNotification(method, (params: unknown) => this.record(() => this.notifications.push({ method, params })));
    }
    c.onRequest('workspace/configuration', (p: { items: { section?: string }[] }) => p.items.map(() => this.settings));
    c.onRequest('client/registerCapability', () => null);
    c.onRequest('workspace/diagnostic/refresh', () => null);
    c.onRequest('window/workDoneProgress/create', () => null);
  }

  private record(push: () => void): void {
    push();
    for (const l of [...this.listeners]) l();
  }

  /** Resolves with the first value `probe` returns, re-probing on every message from the server. */
  waitFor<T>(what: string, probe: () => T | undefined, timeoutMs = 15000): Promise<T> {
    return new Promise((resolve, reject) => {
      const check = () => {
        const v = probe();
        if (v === undefined) return false;
        this.listeners.delete(listener);
        clearTimeout(timer);
        resolve(v);
        return true;
      };
      const listener = () => { check(); };
      const timer = setTimeout(() => {
        this.listeners.delete(listener);
        reject(new Error(`timed out waiting for ${what}; stderr: ${this.stderr.join('')}`));
      }, timeoutMs);
      this.listeners.add(listener);
      check();
    });
  }

  /** The first publishDiagnostics for uri (at `version`, when given) received from index `from` on. */
  waitForDiagnostics(uri: string, version?: number, from = 0): Promise<PublishDiagnosticsParams> {
    return this.waitFor(`diagnostics for ${uri} v${version ?? '*'}`, () =>
      this.diagnostics.slice(from).find((d) => d.uri === uri && (version === undefined || d.version === version)));
  }

  waitForLog(pattern: RegExp): Promise<LogMessageParams> {
    return this.waitFor(`a log matching ${pattern}`, () => this.logs.find((l) => pattern.test(l.message)));
  }

  open(uri: string, text: string, version = 1, languageId = 'kernel-patch-mail'): Promise<void> {
    return this.connection.sendNotification('textDocument/didOpen', { textDocument: { uri, languageId, version, text } });
  }

  change(uri: string, version: number, contentChanges: TextDocumentContentChangeEvent[]): Promise<void> {
    return this.connection.sendNotification('textDocument/didChange', { textDocument: { uri, version }, contentChanges });
  }

  close(uri: string): Promise<void> {
    return this.connection.sendNotification('textDocument/didClose', { textDocument: { uri } });
  }

  request<R>(method: string, params: unknown): Promise<R> {
    return this.connection.sendRequest(method, params) as Promise<R>;
  }

  get alive(): boolean {
    return this.child.exitCode === null && this.child.signalCode === null;
  }

  async stop(): Promise<number | null> {
    if (!this.alive) return this.child.exitCode;
    const exited = new Promise<number | null>((resolve) => this.child.once('exit', (code) => resolve(code)));
    await this.connection.sendRequest('shutdown');
    await this.connection.sendNotification('exit');
    const code = await exited;
    this.connection.dispose();
    return code;
  }
}

function capabilities(pull: boolean): ClientCapabilities {
  return {
    workspace: {
      configuration: true,
      didChangeConfiguration: { dynamicRegistration: true },
      workspaceFolders: true,
      diagnostics: pull ? { refreshSupport: true } : undefined,
    },
    textDocument: {
      synchronization: { dynamicRegistration: false, didSave: false },
      hover: { contentFormat: ['markdown', 'plaintext'] },
      codeAction: { codeActionLiteralSupport: { codeActionKind: { valueSet: ['quickfix'] } }, dataSupport: true },
      documentSymbol: { hierarchicalDocumentSymbolSupport: true },
      codeLens: {},
      publishDiagnostics: { relatedInformation: true, versionSupport: true, codeDescriptionSupport: true, dataSupport: true },
      diagnostic: pull ? { dynamicRegistration: false, relatedDocumentSupport: false } : undefined,
    },
  };
}
