/**
 * The transport-free analysis service: what the language server, the CLI and
 * the benchmark call. I/O is passed in (the tree-sitter wasm bytes, a kernel
 * tree reader), in the manner of the JSON/CSS language services, so this
 * module and everything below it stays pure.
 *
 * A session caches per-message results by the message's text, so re-analysis
 * after an edit only redoes the messages whose text changed.
 */
import type { Span } from '../../../simulator/src/span.js';
import type { ChangedFunction } from './frontend/types.js';
import type { PatchSet } from './ingest/types.js';
import type { Finding, IncompleteNote, Severity } from './types.js';

/** Reads a file of a kernel source tree by its path relative to the tree root. */
export interface KernelTree {
  readFile(relPath: string): string | undefined;
}

export interface AnalysisOptions {
  /** Per-rule severity overrides; 'off' removes the rule's findings. */
  severities?: Record<string, Severity | 'off'>;
  /** 'auto' runs every scenario that applies; a name runs that scenario only. */
  scenario?: string;
  budgets?: { steps?: number; paths?: number };
  kernelTree?: KernelTree;
  /** Build the per-function reports (hover, lens, simulate); the CLI's check does not need them. Default true. */
  reports?: boolean;
}

/** What the simulator found for one changed function, ready to show. */
export interface FunctionReport {
  functionId: string;
  name: string;
  /** Markdown-free text: paths, locks on entry/exit, effects, unknown calls, page-table picture. */
  summaryText: string;
  /** One-line digest for the hover title and code lens. */
  headline: string;
  incomplete?: string;
}

export interface AnalysisResult {
  patchSet: PatchSet;
  functions: ChangedFunction[];
  reports: FunctionReport[];
  findings: Finding[];
  incomplete: IncompleteNote[];
}

export interface Hover {
  span: Span;
  /** Markdown. */
  contents: string;
}

export type SymbolKind = 'message' | 'patch' | 'file' | 'hunk' | 'function';

export interface OutlineSymbol {
  name: string;
  detail?: string;
  kind: SymbolKind;
  span: Span;
  selectionSpan: Span;
  children: OutlineSymbol[];
}

export interface CodeLensInfo {
  span: Span;
  title: string;
  functionId: string;
}
