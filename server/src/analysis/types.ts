/**
 * The plain core types every stage after ingest speaks: findings and their
 * parts. They know nothing of LSP; server/src/lsp/convert.ts is the one
 * module that turns them into protocol types.
 */
import type { Span } from '../../../simulator/src/span.js';

export type { Span };

export type Severity = 'error' | 'warning' | 'info' | 'hint';
export const SEVERITIES: readonly Severity[] = ['hint', 'info', 'warning', 'error'];

export function severityRank(s: Severity): number {
  return SEVERITIES.indexOf(s);
}

export interface Related {
  span: Span;
  message: string;
}

export interface TextEdit {
  span: Span;
  newText: string;
}

export interface Fix {
  title: string;
  edits: TextEdit[];
}

export interface Finding {
  ruleId: string;
  severity: Severity;
  /** Document offsets of the quoted line (one finding per quoted occurrence). */
  span: Span;
  message: string;
  related: Related[];
  fixes: Fix[];
  /** The changed function the finding is about, when there is one. */
  function?: string;
  /** Set when the simulation behind the finding hit a budget or a gap. */
  incomplete?: string;
}

/** Something the analysis could not fully do, for `incomplete` in the JSON output. */
export interface IncompleteNote {
  function?: string;
  reason: string;
}
