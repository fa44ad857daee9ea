/**
 * Runs every planned simulation, never letting one function's failure stop
 * the others: an exception becomes an incomplete note for that function.
 */
import type { Budgets, Program, ProgramFunction } from '../../../../simulator/src/interp/context.js';
import { runFunction, type RunResult } from '../../../../simulator/src/simulate.js';
import type { IncompleteNote } from '../types.js';
import { calledNames, planRuns, type PlannedRun } from './plan.js';

export interface RunAllResult {
  runs: RunResult[];
  incomplete: IncompleteNote[];
  /** What determined these runs (program texts, scenario, budgets), when a cache was used; equal keys mean equal runs. */
  key?: string;
}

/**
 * Simulations already run, by what determines them: the function, scenario,
 * context, budgets, and the text of the function and of every patch function
 * it can reach (a callee's change changes the run, an unrelated function's
 * does not). An edit elsewhere reuses the run.
 */
export type RunCache = Map<string, RunResult>;

/** cyrb53: a fast 53-bit string hash, so cache keys stay short whatever the texts. */
export function hashText(text: string, seed = 0): string {
  let h1 = 0xdeadbeef ^ seed;
  let h2 = 0x41c6ce57 ^ seed;
  for (let i = 0; i < text.length; i++) {
    const ch = text.charCodeAt(i);
    h1 = Math.imul(h1 ^ ch, 2654435761);
    h2 = Math.imul(h2 ^ ch, 1597334677);
  }
  h1 = Math.imul(h1 ^ (h1 >>> 16), 2246822507) ^ Math.imul(h2 ^ (h2 >>> 13), 3266489909);
  h2 = Math.imul(h2 ^ (h2 >>> 16), 2246822507) ^ Math.imul(h1 ^ (h1 >>> 13), 3266489909);
  return (4294967296 * (2097151 & h2) + (h1 >>> 0)).toString(36);
}

/** The function and every program function it can call, directly or not. */
function reachable(program: Program, fn: ProgramFunction): ProgramFunction[] {
  const seen = new Map<string, ProgramFunction>([[fn.id, fn]]);
  const work = [fn];
  while (work.length) {
    const f = work.pop()!;
    for (const name of calledNames(f.ast.body)) {
      const callee = program.functions.get(name);
      if (callee && !seen.has(callee.id)) {
        seen.set(callee.id, callee);
        work.push(callee);
      }
    }
  }
  return [...seen.values()];
}

function runKey(program: Program, plan: PlannedRun, budgets: string): string {
  const texts = reachable(program, plan.fn).map((f) => `${f.id}:${hashText(f.text)}`).sort().join(',');
  return `${plan.fn.id}|${plan.scenario.name}|${plan.context.name}|${budgets}|${texts}`;
}

export function runAll(program: Program, scenario = 'auto', budgets: Partial<Budgets> = {}, cancelled?: () => boolean, cache?: RunCache): RunAllResult {
  const budgetKey = JSON.stringify(budgets);
  const keys: string[] = [];
  const runs: RunResult[] = [];
  const incomplete: IncompleteNote[] = [];
  for (const plan of planRuns(program, scenario)) {
    if (cancelled?.()) {
      incomplete.push({ reason: 'the analysis was cancelled' });
      break;
    }
    try {
      const key = cache ? runKey(program, plan, budgetKey) : '';
      keys.push(key);
      const run = cache?.get(key) ?? runFunction(program, plan.fn, plan.scenario, plan.context, budgets);
      cache?.delete(key);
      cache?.set(key, run);
      runs.push(run);
      for (const reason of run.incomplete) incomplete.push({ function: plan.fn.ast.name, reason });
    } catch (err) {
      incomplete.push({ function: plan.fn.ast.name, reason: `the simulation failed: ${err instanceof Error ? err.message : String(err)}` });
    }
  }
  return { runs, incomplete: dedupeNotes(incomplete), key: cache ? hashText(`${scenario}|${keys.join('\n')}`) : undefined };
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
