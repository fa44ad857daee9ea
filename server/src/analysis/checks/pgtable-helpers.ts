/**
 * Helpers of the page-table checks (pgtable-write-unlocked, shared-pmd-flush,
 * pgtable-counter-imbalance, pmd-share-eligibility, hugetlb-walk-unlocked,
 * page-arith-gigantic).
 *
 * seenOn: the "Seen ..." sentence that ends a finding: the
 * path condition, and when the path ran in a scenario, what that scenario's
 * state is. A scenario decides many branches by itself (a shared table has
 * page_count 2, so `page_count(...) == 1` is simply false), so its condition
 * is often empty; the description says which state made the path.
 */
import { scenarioByName } from '../../../../simulator/src/scenarios/index.js';
import type { RunResult } from '../../../../simulator/src/simulate.js';
import type { Trace } from '../../../../simulator/src/trace.js';
import { conditionAt } from './helpers.js';

export function seenOn(run: RunResult, trace: Trace, at: { pcLength: number }, opts: { condition?: boolean } = {}): string {
  const cond = opts.condition === false ? '' : conditionAt(trace, at);
  const path = cond ? `on the path where ${cond}` : opts.condition === false ? '' : 'on every path';
  if (!path) return run.scenario === 'none' ? '' : `Seen in scenario ${run.scenario}${describe(run.scenario)}.`;
  if (run.scenario === 'none') return `Seen ${path}.`;
  return `Seen ${path}, in scenario ${run.scenario}${describe(run.scenario)}.`;
}

function describe(scenario: string): string {
  const description = scenarioByName(scenario)?.description;
  return description ? ` (${description})` : '';
}

/** Whether a finding's message came from a scenario run (seenOn wording). */
export function fromScenario(message: string): boolean {
  return /(, i|Seen i)n scenario [\w-]+/.test(message);
}

