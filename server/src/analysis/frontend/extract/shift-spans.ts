/**
 * Re-bases a lowered function's spans onto another text: the frontend
 * lowers a whole rebuilt file once and hands each function out with spans
 * relative to the function's own text, instead of parsing it again.
 */
import type { FunctionAst } from '../../../../../simulator/src/ast.js';

const SPAN_KEYS = new Set(['span', 'calleeSpan', 'nameSpan']);

function shift(value: unknown, delta: number): unknown {
  if (Array.isArray(value)) return value.map((v) => shift(v, delta));
  if (!value || typeof value !== 'object') return value;
  const out: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(value)) {
    if (SPAN_KEYS.has(k) && v && typeof v === 'object') {
      const s = v as { start: number; end: number };
      out[k] = { start: s.start + delta, end: s.end + delta };
    } else {
      out[k] = shift(v, delta);
    }
  }
  return out;
}

/** A deep copy of `ast` with every span moved by `delta`. */
export function shiftSpans(ast: FunctionAst, delta: number): FunctionAst {
  return shift(ast, delta) as FunctionAst;
}
