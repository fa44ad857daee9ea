/**
 * Splitting a path on a condition. Each side gets the condition added to its
 * path condition (with the text a reviewer would read) and survives only if
 * the solver cannot refute it. This is where `if (x) lock(); ... if (x)
 * unlock();` stays balanced: the second test is decided by the first.
 */
import { atomsOf, feasible } from '../solver/solve.js';
import { negate, truthy, type Term } from '../solver/term.js';
import type { Loc } from '../trace.js';
import type { RunContext } from './context.js';
import type { Path } from './path.js';

export interface Branches {
  whenTrue?: Path;
  whenFalse?: Path;
}

export interface ConditionText {
  text: string;
  negatedText: string;
  why?: string;
  whyNegated?: string;
}

export function branch(ctx: RunContext, path: Path, cond: Term, text: ConditionText, loc?: Loc): Branches {
  const t = truthy(cond);
  const f = negate(t);
  const independent = t.t !== 'const' && atomsOf(t).every((a) => !path.pcAtoms.has(a));
  const terms = independent ? [] : path.conditions.map((c) => c.term);
  const canTrue = t.t === 'const' ? t.v !== 0n : feasible([...terms, t]);
  const canFalse = f.t === 'const' ? f.v !== 0n : feasible([...terms, f]);
  if (canTrue && canFalse) {
    if (!ctx.allowFork()) {
      path.markIncomplete(`the path budget (${ctx.budgets.paths}) was reached; only one side of "${text.text}" was explored`);
      addCondition(path, t, text.text, text.why, loc);
      return { whenTrue: path };
    }
    const other = path.fork();
    addCondition(path, t, text.text, text.why, loc);
    addCondition(other, f, text.negatedText, text.whyNegated, loc);
    return { whenTrue: path, whenFalse: other };
  }
  if (canTrue) {
    if (t.t !== 'const') addCondition(path, t, text.text, text.why, loc);
    return { whenTrue: path };
  }
  if (canFalse) {
    if (f.t !== 'const') addCondition(path, f, text.negatedText, text.whyNegated, loc);
    return { whenFalse: path };
  }
  return {};
}

/** Adds a condition unless it is already implied syntactically (the same term). */
export function addCondition(path: Path, term: Term, text: string, why?: string, loc?: Loc): void {
  if (term.t === 'const') return;
  if (path.conditions.some((c) => c.term === term)) return;
  for (const a of atomsOf(term)) path.pcAtoms.add(a);
  // A condition decided inside a model also records the call site, so a
  // summary can give it to the code that called the model.
  path.conditions.push({ term, text, why, loc, site: path.overrideLoc });
}

/** True when the condition can hold on this path. */
export function canHold(path: Path, cond: Term): boolean {
  const t = truthy(cond);
  if (t.t === 'const') return t.v !== 0n;
  if (atomsOf(t).every((a) => !path.pcAtoms.has(a))) return feasible([t]);
  return feasible([...path.conditions.map((c) => c.term), t]);
}
