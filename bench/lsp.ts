/**
 * The language server as an editor sees it: `node dist/server.js --stdio`
 * driven by vscode-languageserver-protocol's client connection (the library
 * VS Code's own client is built on). Latency is the time from sending
 * didOpen/didChange to receiving the publishDiagnostics of that version; the
 * arrival time is taken in the notification handler, so the client's own
 * event-loop delay does not count.
 *
 * The debounce is set to 0: it is a deliberate wait for typing to stop (150
 * ms by default), not work; what is measured is how long the analysis keeps
 * the user waiting after it.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import {
  createProtocolConnection, type ProtocolConnection, type PublishDiagnosticsParams, StreamMessageReader, StreamMessageWriter,
} from 'vscode-languageserver-protocol/node';
import { summarise, type Summary } from './lib/stats.js';
import type { Rng } from './gen/rng.js';

interface Arrival {
  params: PublishDiagnosticsParams;
  at: number;
}

export class BenchLspClient {
  private readonly arrivals: Arrival[] = [];
  private waiters: (() => void)[] = [];
  readonly stderr: string[] = [];

  private constructor(readonly child: ChildProcess, private readonly connection: ProtocolConnection) {}

  static async start(root: string, settings: Record<string, unknown>): Promise<BenchLspClient> {
    const child = spawn(process.execPath, [path.join(root, 'dist/server.js'), '--stdio'], { cwd: root, stdio: ['pipe', 'pipe', 'pipe'] });
    const connection = createProtocolConnection(new StreamMessageReader(child.stdout!), new StreamMessageWriter(child.stdin!));
    const client = new BenchLspClient(child, connection);
    child.stderr!.on('data', (d: Buffer) => client.stderr.push(d.toString()));
    connection.onNotification('textDocument/publishDiagnostics', (p: PublishDiagnosticsParams) => {
      client.arrivals.push({ params: p, at: performance.now() });
      for (const w of client.waiters.splice(0)) w();
    });
    for (const method of ['window/logMessage', 'window/showMessage', 'mmreview/status', 'telemetry/event', '$/progress']) connection.onNotification(method, () => undefined);
    connection.onRequest('workspace/configuration', (p: { items: unknown[] }) => p.items.map(() => settings));
    connection.onRequest('client/registerCapability', () => null);
    connection.onRequest('window/workDoneProgress/create', () => null);
    connection.listen();
    await connection.sendRequest('initialize', {
      processId: process.pid,
      rootUri: null,
      workspaceFolders: null,
      capabilities: {
        workspace: { configuration: true, didChangeConfiguration: { dynamicRegistration: true } },
        textDocument: {
          synchronization: { dynamicRegistration: false },
          publishDiagnostics: { relatedInformation: true, versionSupport: true, codeDescriptionSupport: true, dataSupport: true },
        },
      },
    });
    await connection.sendNotification('initialized', {});
    return client;
  }

  get pid(): number {
    return this.child.pid ?? -1;
  }

  /** VmRSS of the server process in kB, from /proc. */
  rssKb(): number {
    const m = /VmRSS:\s+(\d+)\s+kB/.exec(readFileSync(`/proc/${this.pid}/status`, 'utf8'));
    return m ? Number(m[1]) : NaN;
  }

  private waitFor(uri: string, version: number, timeoutMs: number): Promise<Arrival> {
    return new Promise((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error(`no diagnostics for ${uri} v${version} within ${timeoutMs} ms; stderr: ${this.stderr.join('').slice(-2000)}`)), timeoutMs);
      const check = () => {
        const a = this.arrivals.find((x) => x.params.uri === uri && x.params.version === version);
        if (a) {
          clearTimeout(timer);
          resolve(a);
        } else this.waiters.push(check);
      };
      check();
    });
  }

  /** Milliseconds from didOpen to the first diagnostics of version 1. */
  async open(uri: string, text: string): Promise<{ ms: number; diagnostics: number }> {
    const t0 = performance.now();
    await this.connection.sendNotification('textDocument/didOpen', { textDocument: { uri, languageId: 'kernel-patch-mail', version: 1, text } });
    const a = await this.waitFor(uri, 1, 120_000);
    return { ms: a.at - t0, diagnostics: a.params.diagnostics.length };
  }

  /** Milliseconds from didChange (one incremental change) to the diagnostics of that version. */
  async change(uri: string, version: number, line: number, startChar: number, endChar: number, text: string): Promise<number> {
    const t0 = performance.now();
    await this.connection.sendNotification('textDocument/didChange', {
      textDocument: { uri, version },
      contentChanges: [{ range: { start: { line, character: startChar }, end: { line, character: endChar } }, text }],
    });
    const a = await this.waitFor(uri, version, 120_000);
    // Drop what was consumed so the search stays short over a thousand edits.
    this.arrivals.splice(0, this.arrivals.indexOf(a) + 1);
    return a.at - t0;
  }

  async stop(): Promise<void> {
    const exited = new Promise<void>((resolve) => this.child.once('exit', () => resolve()));
    try {
      await this.connection.sendRequest('shutdown');
      await this.connection.sendNotification('exit');
    } catch {
      this.child.kill();
    }
    await exited;
    this.connection.dispose();
  }
}

/** Which lines a one-line edit may touch: commit-message prose, or an added line of code inside a function. */
export type EditKind = 'prose' | 'code';

export function editableLines(text: string, kind: EditKind): number[] {
  const lines = text.split('\n');
  const out: number[] = [];
  let inBody = false;
  let inDiff = false;
  lines.forEach((l, i) => {
    if (l.startsWith('From ') && / \d{4}$/.test(l)) {
      inBody = false;
      inDiff = false;
    } else if (l === '' && !inBody) inBody = true;
    else if (l.startsWith('diff --git ')) inDiff = true;
    else if (l === '-- ') inDiff = false;
    if (kind === 'prose' && inBody && !inDiff && /^[A-Z][a-z]+ [a-z]/.test(l) && !l.includes(':')) out.push(i);
    // `+\t...;` at one tab: a statement of a function body, never a declaration line of the function head.
    if (kind === 'code' && inDiff && /^\+\t[a-z_].*;$/.test(l) && !/^\+\t(struct|spinlock_t|pte_t|int|unsigned|pgd_t|p4d_t|pud_t|pmd_t|u32)\b/.test(l)) out.push(i);
  });
  return out;
}

export interface EditRun {
  kind: EditKind;
  edits: number;
  latency: Summary;
  /** Every latency, in order (kept out of results.json). */
  samples: number[];
  /** Server RSS in kB after the given number of edits. */
  rssAfter: { edits: number; kb: number }[];
}

/**
 * `count` one-line edits, each waiting for its diagnostics: the k-th edit
 * inserts a word (prose) or a trailing comment (code) on one line and the
 * next removes it again, so the document stays the same size and valid.
 * A time budget may stop it early; the run says how many edits were made.
 */
export async function editLoop(
  client: BenchLspClient, uri: string, text: string, kind: EditKind, count: number, rng: Rng, firstVersion: number,
  rssAt: readonly number[] = [], budgetMs = Infinity,
): Promise<{ run: EditRun; nextVersion: number }> {
  const candidates = editableLines(text, kind);
  if (candidates.length === 0) throw new Error(`no ${kind} lines to edit in ${uri}`);
  const lines = text.split('\n');
  const latencies: number[] = [];
  const rssAfter: EditRun['rssAfter'] = [];
  let version = firstVersion;
  const insert = kind === 'prose' ? ' indeed' : ' /* nb */';
  const start = performance.now();
  // Pairs of edits (add, then remove) until `count`, or until the time budget is spent.
  for (let i = 0; i < count && performance.now() - start < budgetMs; i += 2) {
    const line = rng.pick(candidates);
    const end = lines[line].length;
    latencies.push(await client.change(uri, version++, line, end, end, insert));
    if (rssAt.includes(i + 1)) rssAfter.push({ edits: i + 1, kb: client.rssKb() });
    if (i + 1 >= count) break;
    latencies.push(await client.change(uri, version++, line, end, end + insert.length, ''));
    if (rssAt.includes(i + 2)) rssAfter.push({ edits: i + 2, kb: client.rssKb() });
  }
  return { run: { kind, edits: latencies.length, latency: summarise(latencies), samples: latencies, rssAfter }, nextVersion: version };
}
