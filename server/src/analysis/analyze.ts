/**
 * The analysis pipeline behind every front end (CLI, language server, bench):
 * ingest -> frontend -> simulate -> check -> map back. Call prepareAnalysis()
 * once per process with the tree-sitter wasm bytes before analyze(); without
 * it, analyze() still ingests and says the C frontend was not loaded.
 */
import { initFrontend, type FrontendWasm } from './frontend/index.js';
import { runPipeline } from './pipeline.js';
import type { AnalysisOptions, AnalysisResult } from './service.js';

export type { AnalysisResult } from './service.js';

export function prepareAnalysis(wasm: FrontendWasm): Promise<void> {
  return initFrontend(wasm);
}

export function analyze(text: string, options: AnalysisOptions = {}): AnalysisResult {
  return runPipeline(text, options);
}
