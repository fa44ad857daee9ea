/**
 * Decides when each open document is analysed: edits are debounced, a newer
 * version cancels the run of an older one (through the core's
 * CancellationFlag), and readers can wait for the result of the version they
 * are looking at instead of reading a stale one.
 */
import type { CancellationFlag } from '../analysis/session.js';
import type { AnalysedDocument, DocumentSnapshot } from './analysis-engine.js';
import { describeError, type Logger } from './safe-handler.js';

export interface SchedulerDeps {
  run(doc: DocumentSnapshot, cancel: CancellationFlag): Promise<AnalysedDocument>;
  delayMs(): number;
  started(doc: DocumentSnapshot): void;
  finished(doc: AnalysedDocument): void;
  log: Logger;
}

class Flag implements CancellationFlag {
  cancelled = false;
}

interface Entry {
  /** The last completed analysis. */
  latest?: AnalysedDocument;
  /** The snapshot waiting for its debounce timer, or running. */
  wanted?: DocumentSnapshot;
  timer?: ReturnType<typeof setTimeout>;
  /** Set while a run is in flight. */
  flag?: Flag;
  waiters: ((doc: AnalysedDocument | undefined) => void)[];
}

export class AnalysisScheduler {
  private readonly entries = new Map<string, Entry>();
  private runs = 0;

  constructor(private readonly deps: SchedulerDeps) {}

  /** Analyse this snapshot after the debounce delay (0: on the next tick). */
  schedule(doc: DocumentSnapshot, delayMs = this.deps.delayMs()): void {
    const entry = this.entry(doc.uri);
    if (entry.flag) entry.flag.cancelled = true;
    if (entry.timer) clearTimeout(entry.timer);
    entry.wanted = doc;
    entry.timer = setTimeout(() => this.start(doc.uri, entry), Math.max(0, delayMs));
  }

  /**
   * The analysis of the newest scheduled version. With `flush`, a pending
   * debounce is cut short (an explicit request should not wait for typing to stop).
   */
  resultFor(uri: string, flush: boolean): Promise<AnalysedDocument | undefined> {
    const entry = this.entries.get(uri);
    if (!entry) return Promise.resolve(undefined);
    if (!entry.timer && !entry.flag) return Promise.resolve(entry.latest);
    if (flush && entry.timer) {
      clearTimeout(entry.timer);
      this.start(uri, entry);
    }
    return new Promise((resolve) => entry.waiters.push(resolve));
  }

  /** The last completed analysis, whatever version it was. */
  latest(uri: string): AnalysedDocument | undefined {
    return this.entries.get(uri)?.latest;
  }

  uris(): string[] {
    return [...this.entries.keys()];
  }

  /** The document closed: stop its work and release whoever waits for it. */
  forget(uri: string): void {
    const entry = this.entries.get(uri);
    if (!entry) return;
    if (entry.flag) entry.flag.cancelled = true;
    if (entry.timer) clearTimeout(entry.timer);
    this.entries.delete(uri);
    for (const resolve of entry.waiters.splice(0)) resolve(undefined);
  }

  private entry(uri: string): Entry {
    let entry = this.entries.get(uri);
    if (!entry) {
      entry = { waiters: [] };
      this.entries.set(uri, entry);
    }
    return entry;
  }

  private start(uri: string, entry: Entry): void {
    entry.timer = undefined;
    const doc = entry.wanted;
    if (!doc || this.entries.get(uri) !== entry) return;
    const flag = new Flag();
    entry.flag = flag;
    this.deps.started(doc);
    this.deps.run(doc, flag).then(
      (done) => this.complete(uri, entry, flag, done),
      (err) => {
        // run() turns failures into notices; this is the last line of defence.
        this.deps.log.error(`mmreview: scheduled analysis of ${uri} failed: ${describeError(err)}`);
        if (entry.flag !== flag) return;
        entry.flag = undefined;
        if (!entry.timer) for (const resolve of entry.waiters.splice(0)) resolve(entry.latest);
      },
    );
  }

  private complete(uri: string, entry: Entry, flag: Flag, done: AnalysedDocument): void {
    // A newer version was scheduled meanwhile: its run will answer the waiters.
    if (flag.cancelled || this.entries.get(uri) !== entry) return;
    entry.flag = undefined;
    done.runId = ++this.runs;
    entry.latest = done;
    try {
      this.deps.finished(done);
    } finally {
      if (!entry.timer) for (const resolve of entry.waiters.splice(0)) resolve(done);
    }
  }
}
