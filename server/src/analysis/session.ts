/**
 * The analysis service's entry points for the language server and other
 * long-lived hosts. A session keeps the runs of earlier analyses, so an edit
 * that leaves the changed functions alone (prose, another message) redoes
 * only ingest, the frontend and the cheap checks; the simulations are reused.
 */
import { getModel } from '../../../simulator/src/models/index.js';
import { initFrontend, type FrontendWasm } from './frontend/index.js';
import { runPipeline } from './pipeline.js';
import { namePlaces } from './present/function-spans.js';
import { renderModelHover, wordAt } from './present/model-hover.js';
import { buildOutline } from './present/outline.js';
import type { AnalysisOptions, AnalysisResult, CodeLensInfo, Hover, OutlineSymbol } from './service.js';
import type { RunCache } from './simulate/run-all.js';
import type { RawFinding } from './checks/types.js';

export interface AnalysisHost {
  /** The web-tree-sitter runtime wasm and the tree-sitter-c grammar wasm. */
  wasm: FrontendWasm;
}

/** Lets a caller stop a long analysis; checked between simulations. */
export interface CancellationFlag {
  readonly cancelled: boolean;
}

export interface AnalysisSession {
  analyze(text: string, options?: AnalysisOptions, cancel?: CancellationFlag): AnalysisResult;
}

/** Above this many cached runs (and cached finding lists) the least recently used are dropped. */
const MAX_CACHED_RUNS = 400;
const MAX_CACHED_FINDINGS = 8;

/** Maps keep insertion order and a hit is re-inserted at the end, so the first keys are the least recently used. */
function evictOldest<K, V>(map: Map<K, V>, limit: number): void {
  for (const key of map.keys()) {
    if (map.size <= limit) break;
    map.delete(key);
  }
}

export async function createSession(host: AnalysisHost): Promise<AnalysisSession> {
  await initFrontend(host.wasm);
  const cache: RunCache = new Map();
  const findingsCache = new Map<string, RawFinding[]>();
  return {
    analyze(text: string, options: AnalysisOptions = {}, cancel?: CancellationFlag): AnalysisResult {
      const result = runPipeline(text, options, { cancelled: () => !!cancel?.cancelled, runCache: cache, findingsCache });
      evictOldest(cache, MAX_CACHED_RUNS);
      evictOldest(findingsCache, MAX_CACHED_FINDINGS);
      return result;
    },
  };
}

/** Hover on a changed function's name (its simulation) or on a modelled kernel API name (its model). */
export function hoverAt(result: AnalysisResult, text: string, offset: number): Hover | undefined {
  const place = namePlaces(result.functions, text).find((p) => offset >= p.span.start && offset <= p.span.end);
  if (place) {
    const report = result.reports.find((r) => r.functionId === place.fn.id);
    if (report) {
      const title = `**${place.fn.name}**${place.fn.config ? ` [${place.fn.config}]` : ''}: simulated (${report.headline})`;
      return { span: place.span, contents: `${title}\n\n\`\`\`text\n${report.summaryText}\n\`\`\`` };
    }
  }
  const word = wordAt(text, offset);
  const model = word ? getModel(word.word) : undefined;
  if (word && model) return { span: { start: word.start, end: word.end }, contents: renderModelHover(model) };
  return undefined;
}

export function outline(result: AnalysisResult, text: string): OutlineSymbol[] {
  return buildOutline(result, text);
}

export function codeLenses(result: AnalysisResult, text: string): CodeLensInfo[] {
  return namePlaces(result.functions, text).flatMap((p) => {
    const report = result.reports.find((r) => r.functionId === p.fn.id);
    return report ? [{ span: p.span, title: `Simulate: ${report.headline}`, functionId: p.fn.id }] : [];
  });
}

export function simulationText(result: AnalysisResult, functionId: string): string | undefined {
  return result.reports.find((r) => r.functionId === functionId)?.summaryText;
}
