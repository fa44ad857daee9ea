/**
 * The "Seen ..." sentence that ends a finding of the page-table checks: the
 * path condition, and when the path ran in a scenario, what that scenario's
 * state is. A scenario decides many branches by itself (a shared table has
 * page_count 2, so `page_count(...) == 1` is simply false), so its condition
 * is often empty; the description says which state made the path.
 */
import { scenarioByName } from '../../../../simulator/src/scenarios/index.js';
import type { RunResult } from '../../../../simulator/src/simulate.js';
import type { Trace } from '../../../../simulator/src/trace.js';
import { conditionAt } from './helpers.js';

export function seenOn(run: RunResult, trace: Trace, at: { pcLength: number }): string {
  const cond = conditionAt(trace, at);
  const path = cond ? `on the path where ${cond}` : 'on every path';
  if (run.scenario === 'none') return `Seen ${path}.`;
  const description = scenarioByName(run.scenario)?.description;
  return `Seen ${path}, in scenario ${run.scenario}${description ? ` (${description})` : ''}.`;
}

/** Whether a finding's message came from a scenario run (seenOn wording). */
export function fromScenario(message: string): boolean {
  return /, in scenario [\w-]+/.test(message);
}
