/**
 * Entry points of the analysis service (see service.ts for the types).
 * Stage wiring is filled in as the stages land; the signatures are stable.
 */
import { ingest } from './ingest/index.js';
import type {
  AnalysisOptions, AnalysisResult, CodeLensInfo, Hover, OutlineSymbol,
} from './service.js';

export interface AnalysisHost {
  /** The web-tree-sitter runtime wasm and the tree-sitter-c grammar wasm. */
  wasm: { runtime: Uint8Array; language: Uint8Array };
}

/** Lets a caller stop a long analysis; checked between functions. */
export interface CancellationFlag {
  readonly cancelled: boolean;
}

export interface AnalysisSession {
  analyze(text: string, options?: AnalysisOptions, cancel?: CancellationFlag): AnalysisResult;
}

export async function createSession(_host: AnalysisHost): Promise<AnalysisSession> {
  return {
    analyze(text: string): AnalysisResult {
      return { patchSet: ingest(text), functions: [], reports: [], findings: [], incomplete: [] };
    },
  };
}

export function hoverAt(_result: AnalysisResult, _text: string, _offset: number): Hover | undefined {
  return undefined;
}

export function outline(_result: AnalysisResult): OutlineSymbol[] {
  return [];
}

export function codeLenses(_result: AnalysisResult): CodeLensInfo[] {
  return [];
}

export function simulationText(_result: AnalysisResult, _functionId: string): string | undefined {
  return undefined;
}
