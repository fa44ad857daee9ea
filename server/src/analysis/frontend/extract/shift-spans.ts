/**
 * Re-bases a lowered function's spans onto another text: the frontend
 * lowers a whole rebuilt file once and hands each function out with spans
 * relative to the function's own text, instead of parsing it again.
 */
import type { FunctionAst } from '../../../../../simulator/src/ast.js';

function isSpanKey(k: string): boolean {
  return k === 'span' || k === 'calleeSpan' || k === 'nameSpan';
}

// A plain recursive copy (for..in, no entry arrays): it runs over every function of every analysis.
function shift(value: unknown, delta: number): unknown {
  if (Array.isArray(value)) {
    const out = new Array<unknown>(value.length);
    for (let i = 0; i < value.length; i++) {
      const v: unknown = value[i];
      out[i] = v && typeof v === 'object' ? shift(v, delta) : v;
    }
    return out;
  }
  const src = value as Record<string, unknown>;
  const out: Record<string, unknown> = {};
  for (const k in src) {
    const v = src[k];
    if (!v || typeof v !== 'object') out[k] = v;
    else if (isSpanKey(k)) {
      const s = v as { start: number; end: number };
      out[k] = { start: s.start + delta, end: s.end + delta };
    } else out[k] = shift(v, delta);
  }
  return out;
}

/** A deep copy of `ast` with every span moved by `delta`. */
export function shiftSpans(ast: FunctionAst, delta: number): FunctionAst {
  return shift(ast, delta) as FunctionAst;
}
