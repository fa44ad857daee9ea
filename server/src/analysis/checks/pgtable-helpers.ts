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
import type { Loc, Trace, TraceEvent } from '../../../../simulator/src/trace.js';
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

const locatedCache = new WeakMap<Trace, Trace>();

/**
 * The trace with every event located. Effects of a model whose return cases
 * call other models can be recorded without a location (the inner call ends
 * the outer one's call-site override); the innermost call site on the
 * event's stack is the line of the model call, so such an event gets that.
 * The trace itself is shared (runs are cached) and is not changed; events
 * that had a location are the same objects in the copy.
 */
export function located(trace: Trace): Trace {
  let out = locatedCache.get(trace);
  if (out) return out;
  const fill = (e: TraceEvent): TraceEvent => {
    if (e.loc) return e;
    const loc: Loc | undefined = e.stack[e.stack.length - 1];
    return loc ? { ...e, loc } : e;
  };
  out = trace.events.every((e) => e.loc) ? trace : { ...trace, events: trace.events.map(fill) };
  locatedCache.set(trace, out);
  return out;
}
