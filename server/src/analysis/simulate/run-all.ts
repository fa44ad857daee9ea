/**
 * Runs every planned simulation, never letting one function's failure stop
 * the others: an exception becomes an incomplete note for that function.
 */
import type { Budgets, Program } from '../../../../simulator/src/interp/context.js';
import { runFunction, type RunResult } from '../../../../simulator/src/simulate.js';
import type { IncompleteNote } from '../types.js';
import { planRuns } from './plan.js';

export interface RunAllResult {
  runs: RunResult[];
  incomplete: IncompleteNote[];
  /** What determined these runs (program texts, scenario, budgets), when a cache was used; equal keys mean equal runs. */
  key?: string;
}

/**
 * Simulations already run, by what determines them: the function, scenario,
 * context, budgets and the text of every function of the program (a callee's
 * change changes the run). An edit that leaves the functions alone reuses
 * every run.
 */
export type RunCache = Map<string, RunResult>;

function programKey(program: Program): string {
  return [...program.byId.values()].map((f) => `${f.id}\u0000${f.text}`).sort().join('\u0001');
}

export function runAll(program: Program, scenario = 'auto', budgets: Partial<Budgets> = {}, cancelled?: () => boolean, cache?: RunCache): RunAllResult {
  const base = cache ? `${programKey(program)}|${JSON.stringify(budgets)}` : '';
  const runs: RunResult[] = [];
  const incomplete: IncompleteNote[] = [];
  for (const plan of planRuns(program, scenario)) {
    if (cancelled?.()) {
      incomplete.push({ reason: 'the analysis was cancelled' });
      break;
    }
    try {
      const key = `${base}|${plan.fn.id}|${plan.scenario.name}|${plan.context.name}`;
      const run = cache?.get(key) ?? runFunction(program, plan.fn, plan.scenario, plan.context, budgets);
      cache?.delete(key);
      cache?.set(key, run);
      runs.push(run);
      for (const reason of run.incomplete) incomplete.push({ function: plan.fn.ast.name, reason });
    } catch (err) {
      incomplete.push({ function: plan.fn.ast.name, reason: `the simulation failed: ${err instanceof Error ? err.message : String(err)}` });
    }
  }
  return { runs, incomplete: dedupeNotes(incomplete), key: cache ? `${base}|${scenario}` : undefined };
}

function dedupeNotes(notes: IncompleteNote[]): IncompleteNote[] {
  const seen = new Set<string>();
  return notes.filter((n) => {
    const key = `${n.function}|${n.reason}`;
    if (seen.has(key)) return false;
    seen.add(key);
    return true;
  });
}
