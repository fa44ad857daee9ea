/**
 * BUG_ON, VM_BUG_ON and WARN_ON as the simulator sees them: the path splits
 * on the condition. Where it can hold, a BUG fires (the path ends) or a WARN
 * prints (the path goes on with the condition's value). Where it cannot, the
 * event records why not, from the path condition, so the check can say the
 * assertion is dead and give the reason.
 */
import type { Expr } from '../ast.js';
import type { ApiModel } from '../models/schema.js';
import { constant, fresh, ZERO, type Term } from '../solver/term.js';
import type { Loc } from '../trace.js';
import { branch } from './branch.js';
import type { RunContext } from './context.js';
import { conditionText, type Val } from './eval-expr.js';
import type { Path } from './path.js';
import { record } from './record.js';

export function recordAssertion(ctx: RunContext, path: Path, model: ApiModel, args: Term[], argExprs: Expr[], loc: Loc): Val[] {
  const kind = model.assertion!;
  const condExpr = argExprs[0];
  if (!condExpr) return [{ path, value: ZERO }];
  const text = conditionText(ctx, path, condExpr);
  const cond = args[0] ?? fresh(text.text);
  const b = branch(ctx, path, cond, text, loc);
  const out: Val[] = [];
  const fatal = kind === 'bug' || kind === 'vm-bug';
  if (b.whenTrue) {
    record(b.whenTrue, { kind: 'bug', via: model.name, condition: text.text, assertion: kind, fires: true, why: [], term: cond }, loc);
    if (fatal) ctx.finish(b.whenTrue, { end: 'bug' });
    else out.push({ path: b.whenTrue, value: constant(1) });
  }
  if (b.whenFalse) {
    if (!b.whenTrue) {
      const why = b.whenFalse.conditions.map((c) => c.why ?? c.text).filter((w) => w !== text.negatedText);
      record(b.whenFalse, { kind: 'bug', via: model.name, condition: text.text, assertion: kind, fires: false, why, term: cond }, loc);
    }
    out.push({ path: b.whenFalse, value: ZERO });
  }
  return out;
}
