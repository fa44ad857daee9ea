/**
 * Where a tested value came from. `batch = alloc_batch(h, nr); if (!batch)
 * goto out;` records the condition "!batch", which does not say what failed;
 * a reviewer reads it as "alloc_batch(h, nr) returned NULL". When a condition
 * tests a local that holds the unconstrained result of a call (an unknown
 * call's value is a symbol named by the call's text), this gives that reading
 * as the condition's `why`, for both sides of the branch.
 */
import type { Expr } from '../ast.js';
import type { Term } from '../solver/term.js';
import type { Path } from './path.js';

const CALL_RESULT = /^[A-Za-z_]\w*\(.*\)$/s;

interface Outcome {
  call: string;
  /** What the tested value is when the condition holds, and when it does not. */
  holds: string;
  fails: string;
}

function isZero(e: Expr): boolean {
  return (e.kind === 'number' && e.value === 0) || (e.kind === 'ident' && e.name === 'NULL');
}

/** The call whose result the local `name` holds, if it holds one unchanged. */
function callOf(path: Path, name: string): string | undefined {
  const v: Term | undefined = path.lookup(name);
  return v?.t === 'sym' && CALL_RESULT.test(v.name) ? v.name : undefined;
}

function outcome(path: Path, e: Expr): Outcome | undefined {
  const zeroWord = (name: string) => (path.frame.types.get(name)?.pointer ? 'NULL' : '0');
  const nonZeroWord = (name: string) => (path.frame.types.get(name)?.pointer ? 'non-NULL' : 'nonzero');
  if (e.kind === 'ident') {
    const call = callOf(path, e.name);
    return call ? { call, holds: nonZeroWord(e.name), fails: zeroWord(e.name) } : undefined;
  }
  if (e.kind === 'unary' && e.op === '!' && e.arg.kind === 'ident') {
    const call = callOf(path, e.arg.name);
    return call ? { call, holds: zeroWord(e.arg.name), fails: nonZeroWord(e.arg.name) } : undefined;
  }
  if (e.kind === 'binary' && e.left.kind === 'ident') {
    const call = callOf(path, e.left.name);
    if (!call) return undefined;
    if (isZero(e.right) && (e.op === '==' || e.op === '!=')) {
      const [z, nz] = [zeroWord(e.left.name), nonZeroWord(e.left.name)];
      return e.op === '==' ? { call, holds: z, fails: nz } : { call, holds: nz, fails: z };
    }
    if (e.right.kind === 'number' && e.right.value === 0 && e.op === '<') return { call, holds: 'a negative error', fails: '0 or more' };
  }
  return undefined;
}

/** "alloc_batch(h, nr) returned NULL" for each side of a test of a call's result, or nothing. */
export function conditionOrigin(path: Path, e: Expr): { why: string; whyNegated: string } | undefined {
  const o = outcome(path, e);
  return o ? { why: `${o.call} returned ${o.holds}`, whyNegated: `${o.call} returned ${o.fails}` } : undefined;
}
