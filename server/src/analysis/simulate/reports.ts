/**
 * Per-function reports for the hover, the code lens and `mmreview simulate`:
 * the Summary of every run the function took part in (on its own or inside
 * a caller), rendered with the page-table picture of the most telling run.
 */
import type { RunResult } from '../../../../simulator/src/simulate.js';
import { renderSummary, summarize } from '../../../../simulator/src/summary.js';
import type { Summary } from '../../../../simulator/src/trace.js';
import type { ChangedFunction } from '../frontend/types.js';
import { LineIndex } from '../line-index.js';
import { mapOffset } from '../map-back.js';
import type { FunctionReport } from '../service.js';

/** The functions each run touched (its own and the callees it executed), computed once per run. */
const touchedByRun = new WeakMap<RunResult, Set<string>>();

function touched(run: RunResult): Set<string> {
  let set = touchedByRun.get(run);
  if (!set) {
    set = new Set([run.functionId]);
    for (const t of run.traces) for (const e of t.events) set.add(e.loc.fn);
    touchedByRun.set(run, set);
  }
  return set;
}

export function runsOf(fn: ChangedFunction, runs: readonly RunResult[]): RunResult[] {
  return runs.filter((r) => touched(r).has(fn.id));
}

function picturesFor(fn: ChangedFunction, runs: RunResult[]): { before: string[]; after: string[] } | undefined {
  const pictured = runs.filter((r) => r.before.length > 0);
  const best = pictured.find((r) => r.traces.some((t) => t.events.some((e) => e.loc.fn === fn.id && e.kind === 'write-entry'))) ?? pictured[0];
  if (!best) return undefined;
  const trace = best.traces.find((t) => t.events.some((e) => e.loc.fn === fn.id && e.kind === 'write-entry')) ?? best.traces[0];
  return { before: [`(scenario ${best.scenario})`, ...best.before], after: trace ? best.after.get(trace.id) ?? [] : [] };
}

function headline(s: Summary): string {
  const effects = s.effects.slice(0, 2).join('; ');
  return `${s.paths.length} path${s.paths.length === 1 ? '' : 's'}${effects ? `: ${effects}` : ''}${s.complete ? '' : ' (incomplete)'}`;
}

function lineResolver(functions: readonly ChangedFunction[], doc: string, index: LineIndex) {
  const byId = new Map(functions.map((f) => [f.id, f]));
  return (fnId: string, offset: number) => {
    const f = byId.get(fnId);
    const occ = f?.occurrences[0];
    const at = f && occ ? mapOffset(f.postText, doc, occ, offset) : undefined;
    return at === undefined ? undefined : index.positionAt(at).line + 1;
  };
}

export interface FunctionSimulation {
  summary: Summary;
  text: string;
}

/** The Summary of one changed function over the runs it took part in, and its text rendering. */
export function simulationOf(fn: ChangedFunction, runs: readonly RunResult[], functions: readonly ChangedFunction[], doc: string, index: LineIndex): FunctionSimulation {
  const mine = runsOf(fn, runs);
  const summary = summarize(mine, fn.id, fn.name, fn.complete, { lineOf: lineResolver(functions, doc, index) });
  return { summary, text: renderSummary(summary, picturesFor(fn, mine)) };
}

export function buildReports(functions: readonly ChangedFunction[], runs: readonly RunResult[], doc: string, index: LineIndex): FunctionReport[] {
  const reports: FunctionReport[] = [];
  for (const fn of functions) {
    if (!fn.ast?.body) continue;
    const { summary, text } = simulationOf(fn, runs, functions, doc, index);
    reports.push({ functionId: fn.id, name: fn.name, summaryText: text, headline: headline(summary),
      incomplete: summary.complete ? undefined : summary.incomplete.join('; ') || 'part of the body is not visible' });
  }
  return reports;
}
