/**
 * Loop summarisation. After the unrolled iterations, each variable is
 * compared across the loop heads seen on this path: one that moved by the
 * same constant every time is an induction variable and becomes
 * start + step * N, where N >= unroll is a new unknown (the iteration count);
 * one that changed otherwise becomes a fresh unknown. Pointers move the same
 * way, so `page++` in a loop becomes page0 + N and the gigantic-page check
 * can ask how far N can go.
 */
import type { Stmt } from '../ast.js';
import { addr, constant, fresh, op, type Term } from '../solver/term.js';
import type { RunContext } from './context.js';
import { linearize, subtract } from '../solver/linear.js';
import type { Path } from './path.js';

/**
 * Loop counters by their symbol, so messages can say "nr" instead of "N".
 * Keyed by the term object (not its key), so a cached trace from an earlier
 * analysis never meets a new symbol with the same key.
 */
export const loopCounterNames = new WeakMap<Term, string>();

function step(a: Term, b: Term): bigint | undefined {
  if (a.t === 'addr' && b.t === 'addr') {
    if (a.obj !== b.obj) return undefined;
    return step(a.off, b.off);
  }
  const atoms = new Map<string, Term>();
  const d = subtract(linearize(b, atoms), linearize(a, atoms));
  return d.coeffs.size === 0 ? d.constant : undefined;
}

export function generalizeLoopState(ctx: RunContext, path: Path, key: string, s: Stmt): void {
  const heads = path.loopHeads.get(key) ?? [];
  const line = ctx.sourceText(path.frame.fn, s.span.start, s.span.end).split('{')[0].trim().slice(0, 60);
  const n = fresh(`N (iterations of "${line}")`, BigInt(ctx.budgets.unroll));
  const vars = path.frame.vars;
  for (const [name, now] of vars) {
    const first = heads[0]?.get(name);
    const second = heads[1]?.get(name);
    if (!first) continue;
    if (first === now) continue;
    const s1 = second ? step(first, second) : undefined;
    const s2 = second ? step(second, now) : undefined;
    if (s1 !== undefined && s1 === s2) {
      const delta = op('mul', n, constant(s1));
      const value = first.t === 'addr' ? addr(first.obj, op('add', first.off, delta)) : op('add', first, delta);
      vars.set(name, value);
      if (s1 === 1n && first.t === 'const' && first.v === 0n) loopCounterNames.set(n, name);
    } else {
      vars.set(name, fresh(`${name} (after some iterations)`));
    }
  }
}
