/**
 * Runs the core on one document snapshot with the current settings: guards
 * against unfit documents, owns the analysis session (which caches per
 * message, so re-analysis after an edit is incremental) and turns every
 * failure into a notice rather than an exception.
 */
import { LineIndex } from '../analysis/line-index.js';
import type { AnalysisOptions, AnalysisResult, KernelTree } from '../analysis/service.js';
import { createSession, type AnalysisSession, type CancellationFlag } from '../analysis/session.js';
import { checkDocument, failureNotice, type Notice } from './document-guard.js';
import { describeError, injectFault, type Logger } from './safe-handler.js';
import type { ServerHost } from './server-host.js';
import { defaultSettings, type Settings } from './settings-schema.js';

export interface DocumentSnapshot {
  uri: string;
  version: number;
  text: string;
}

export interface AnalysedDocument extends DocumentSnapshot {
  lines: LineIndex;
  /** Absent when the document was skipped or the analysis failed. */
  result?: AnalysisResult;
  notice?: Notice;
  /** Which run produced this (set by the scheduler); names a pull-diagnostics result. */
  runId?: number;
}

/**
 * How long the first analysis waits for the client's settings. A client that
 * never sends `initialized` still gets its documents analysed, with defaults.
 */
const SETTINGS_WAIT_MS = 2000;

export class AnalysisEngine {
  private session?: Promise<AnalysisSession>;
  private settings: Settings = defaultSettings();
  private kernelTree?: KernelTree;
  private readonly ready: Promise<void>;
  private markReady: () => void = () => {};

  constructor(private readonly host: ServerHost, private readonly log: Logger) {
    // Documents opened before the settings arrive wait, so they are not
    // first shown with default severities and then redrawn.
    this.ready = new Promise((resolve) => {
      this.markReady = resolve;
      setTimeout(resolve, SETTINGS_WAIT_MS).unref();
    });
  }

  get currentSettings(): Settings {
    return this.settings;
  }

  /** New settings or kernel tree: start from a fresh session so no cached result outlives them. */
  configure(settings: Settings, kernelTree: KernelTree | undefined): void {
    this.settings = settings;
    this.kernelTree = kernelTree;
    this.session = undefined;
    this.markReady();
  }

  async analyse(doc: DocumentSnapshot, cancel: CancellationFlag): Promise<AnalysedDocument> {
    await this.ready;
    const lines = new LineIndex(doc.text);
    const notice = checkDocument(doc.text, this.settings.maxDocumentSize);
    if (notice) return { ...doc, lines, notice };
    try {
      const session = await this.getSession();
      // Superseded while waiting: the scheduler discards this run anyway.
      if (cancel.cancelled) return { ...doc, lines };
      injectFault('analysis');
      const result = session.analyze(doc.text, this.options(), cancel);
      return { ...doc, lines, result };
    } catch (err) {
      this.log.error(`mmreview: analysis of ${doc.uri} (version ${doc.version}) failed: ${describeError(err)}`);
      return { ...doc, lines, notice: failureNotice() };
    }
  }

  private getSession(): Promise<AnalysisSession> {
    if (!this.session) {
      const created = this.host.loadWasm().then((wasm) => createSession({ wasm }));
      // A failed start (wasm missing) is retried on the next analysis, not cached.
      created.catch(() => { if (this.session === created) this.session = undefined; });
      this.session = created;
    }
    return this.session;
  }

  private options(): AnalysisOptions {
    const s = this.settings;
    return {
      severities: { ...s.rules },
      scenario: s.scenario.trim() || 'auto',
      budgets: { ...s.budgets },
      kernelTree: this.kernelTree,
    };
  }
}
