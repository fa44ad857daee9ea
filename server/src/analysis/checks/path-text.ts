/**
 * The path condition as a reviewer reads it, for the messages of the lock,
 * assertion and NULL-check rules. Two things make the raw list hard to read:
 * a short-circuit operand is recorded on its own and again inside the whole
 * test (`nr && !(!nr || order >= max)`), and a test of a local that holds a
 * call's result says nothing about the call (`!batch`). The first is dropped
 * when a later condition's source range contains it; the second is replaced
 * by the simulator's reading of it ("alloc_batch(h, nr) returned NULL").
 */
import type { Condition, Trace } from '../../../../simulator/src/trace.js';

function contains(outer: Condition, inner: Condition): boolean {
  if (!outer.loc || !inner.loc || outer.loc.fn !== inner.loc.fn) return false;
  const o = outer.loc.span;
  const i = inner.loc.span;
  return o.start <= i.start && i.end <= o.end && (o.start !== i.start || o.end !== i.end);
}

/** How one condition reads: the call it tests when the simulator knows it, else its source text. */
export function conditionWords(c: Condition): string {
  return c.why && !c.why.startsWith(c.text) ? c.why : c.text;
}

/**
 * The conditions in force at an event (the first `pcLength`), without the
 * ones a later, enclosing test repeats; only those tested in function `fn`
 * when it is given (a caller's tests say nothing about a local mistake).
 */
export function readableConditions(trace: Trace, pcLength = trace.conditions.length, fn?: string): Condition[] {
  const conds = trace.conditions.slice(0, pcLength).filter((c) => !fn || c.loc?.fn === fn);
  return conds.filter((c, i) => !conds.slice(i + 1).some((later) => contains(later, c)));
}

export function pathCondition(trace: Trace, pcLength = trace.conditions.length, fn?: string): string {
  const words = readableConditions(trace, pcLength, fn).map(conditionWords).filter((t) => t.length > 0);
  return [...new Set(words)].join(' && ');
}

export function onPath(trace: Trace, pcLength = trace.conditions.length): string {
  const cond = pathCondition(trace, pcLength);
  return cond ? `on the path where ${cond}` : 'on every path';
}

/**
 * What sets a path apart from paths with the opposite outcome (the lock
 * released, the lock taken): the first condition where it leaves the
 * contrasting path it shares the longest prefix with. "on the path where
 * alloc_batch(h, nr) returned NULL" names the error path a reviewer looks
 * for; the full condition would also list every loop test and early check
 * the two paths have in common. Falls back to the full condition.
 */
export function onDivergentPath(trace: Trace, contrasts: readonly Trace[]): string {
  let best = -1;
  for (const other of contrasts) {
    if (other === trace) continue;
    let k = 0;
    while (k < trace.conditions.length && k < other.conditions.length && trace.conditions[k].term === other.conditions[k].term) k++;
    if (k < trace.conditions.length && k > best) best = k;
  }
  if (best < 0) return onPath(trace);
  return `on the path where ${conditionWords(trace.conditions[best])}`;
}
