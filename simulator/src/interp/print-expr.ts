/**
 * Prints an AST expression back as compact C. Used for conditions that come
 * from model strings (which have no source text in the function) and as a
 * fallback when a span has no text.
 */
import type { Expr } from '../ast.js';

export function printExpr(e: Expr): string {
  switch (e.kind) {
    case 'number': return e.text;
    case 'string': return JSON.stringify(e.value);
    case 'char': return `'${String.fromCharCode(e.value)}'`;
    case 'ident': return e.name;
    case 'unary': return `${e.op}${wrap(e.arg)}`;
    case 'update': return e.prefix ? `${e.op}${wrap(e.arg)}` : `${wrap(e.arg)}${e.op}`;
    case 'binary': return `${wrap(e.left)} ${e.op} ${wrap(e.right)}`;
    case 'assign': return `${printExpr(e.target)} ${e.op} ${printExpr(e.value)}`;
    case 'conditional': return `${wrap(e.test)} ? ${wrap(e.then)} : ${wrap(e.otherwise)}`;
    case 'call': return `${e.callee}(${e.args.map(printExpr).join(', ')})`;
    case 'indirect-call': return `${wrap(e.callee)}(${e.args.map(printExpr).join(', ')})`;
    case 'member': return `${wrap(e.object)}${e.arrow ? '->' : '.'}${e.field}`;
    case 'index': return `${wrap(e.object)}[${printExpr(e.index)}]`;
    case 'cast': return `(${e.type.base}${'*'.repeat(e.type.pointer)})${wrap(e.arg)}`;
    case 'sizeof': return e.text;
    case 'comma': return e.exprs.map(printExpr).join(', ');
    case 'stmt-expr': return '({ ... })';
    case 'init-list': return `{ ${e.items.map(printExpr).join(', ')} }`;
    case 'unknown': return e.text;
  }
}

function wrap(e: Expr): string {
  const simple = e.kind === 'ident' || e.kind === 'number' || e.kind === 'call' || e.kind === 'member' || e.kind === 'index';
  return simple ? printExpr(e) : `(${printExpr(e)})`;
}

const FLIP: Record<string, string> = { '==': '!=', '!=': '==', '<': '>=', '>=': '<', '>': '<=', '<=': '>' };

/** The negation of a condition, as a reviewer would write it. */
export function negatedText(e: Expr, text: string): string {
  if (e.kind === 'binary' && FLIP[e.op]) {
    const l = text.slice(0, Math.max(0, e.left.span.end - e.span.start)).trim();
    const r = text.slice(Math.max(0, e.right.span.start - e.span.start)).trim();
    if (l && r) return `${l} ${FLIP[e.op]} ${r}`;
  }
  if (e.kind === 'unary' && e.op === '!') return text.replace(/^!\s*/, '').replace(/^\((.*)\)$/s, '$1');
  return `!(${text})`;
}
