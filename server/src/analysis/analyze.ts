/**
 * The analysis pipeline behind every front end (CLI, language server, bench):
 * ingest -> frontend -> simulate -> check -> map back. Until the later stages
 * land, it runs ingest only and reports no findings.
 */
import { ingest } from './ingest/index.js';
import type { PatchSet } from './ingest/types.js';
import type { Finding, IncompleteNote } from './types.js';

export interface AnalysisResult {
  patchSet: PatchSet;
  findings: Finding[];
  incomplete: IncompleteNote[];
}

export function analyze(text: string): AnalysisResult {
  return { patchSet: ingest(text), findings: [], incomplete: [] };
}
