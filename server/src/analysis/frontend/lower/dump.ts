/**
 * A compact, deterministic S-expression dump of lowered functions: one
 * statement per line with its span, expressions inline. Golden tests compare
 * it, and it is handy when reading what the simulator will see.
 */
import type { Expr, FunctionAst, Stmt, TypeRef } from '../../../../../simulator/src/ast.js';

function type(t: TypeRef): string {
  return `${t.base}${'*'.repeat(t.pointer)}`.replace(/ /g, '_');
}

function quote(s: string): string {
  return JSON.stringify(s.replace(/\s+/g, ' '));
}

export function dumpExpr(e: Expr): string {
  switch (e.kind) {
    case 'number': return e.text;
    case 'string': return JSON.stringify(e.value);
    case 'char': return `#char${e.value}`;
    case 'ident': return e.name;
    case 'unary': return `(${e.op} ${dumpExpr(e.arg)})`;
    case 'update': return `(${e.prefix ? e.op + 'pre' : 'post' + e.op} ${dumpExpr(e.arg)})`;
    case 'binary': return `(${e.op} ${dumpExpr(e.left)} ${dumpExpr(e.right)})`;
    case 'assign': return `(${e.op} ${dumpExpr(e.target)} ${dumpExpr(e.value)})`;
    case 'conditional': return `(?: ${dumpExpr(e.test)} ${dumpExpr(e.then)} ${dumpExpr(e.otherwise)})`;
    case 'call': return `(call ${e.callee}${e.args.map((a) => ' ' + dumpExpr(a)).join('')}${e.truncated ? ' ...truncated' : ''})`;
    case 'indirect-call': return `(icall ${dumpExpr(e.callee)}${e.args.map((a) => ' ' + dumpExpr(a)).join('')})`;
    case 'member': return `(${e.arrow ? '->' : '.'} ${dumpExpr(e.object)} ${e.field})`;
    case 'index': return `([] ${dumpExpr(e.object)} ${dumpExpr(e.index)})`;
    case 'cast': return `(cast ${type(e.type)} ${dumpExpr(e.arg)})`;
    case 'sizeof': return `(sizeof ${quote(e.text)})`;
    case 'comma': return `(, ${e.exprs.map(dumpExpr).join(' ')})`;
    case 'stmt-expr': return `(stmt-expr ${e.body.map((s) => dumpStmtInline(s)).join(' ')})`;
    case 'init-list': return `{${e.items.map(dumpExpr).join(' ')}}`;
    case 'unknown': return `(unknown ${quote(e.text)})`;
  }
}

function dumpStmtInline(s: Stmt): string {
  return dumpStmt(s, 0).map((l) => l.trim()).join(' ');
}

function head(s: Stmt): string {
  switch (s.kind) {
    case 'decl': return `decl ${s.decls.map((d) => `(${d.name} ${type(d.type)}${d.init ? ' ' + dumpExpr(d.init) : ''})`).join(' ')}`;
    case 'expr': return `expr ${dumpExpr(s.expr)}`;
    case 'block': return 'block';
    case 'if': return `if ${dumpExpr(s.test)}`;
    case 'while': return `while ${dumpExpr(s.test)}`;
    case 'do': return `do-while ${dumpExpr(s.test)}`;
    case 'for': return `for ${s.init ? dumpStmtInline(s.init) : '_'} ${s.test ? dumpExpr(s.test) : '_'} ${s.update ? dumpExpr(s.update) : '_'}`;
    case 'foreach': return `foreach ${s.macro}${s.args.map((a) => ' ' + dumpExpr(a)).join('')}`;
    case 'switch': return `switch ${dumpExpr(s.test)}`;
    case 'case': return s.value ? `case ${dumpExpr(s.value)}` : 'default';
    case 'return': return s.value ? `return ${dumpExpr(s.value)}` : 'return';
    case 'break': return 'break';
    case 'continue': return 'continue';
    case 'goto': return `goto ${s.label}`;
    case 'label': return `label ${s.name}`;
    case 'empty': return 'empty';
    case 'gap': return `gap ${quote(s.reason)}`;
    case 'unknown': return `unknown ${quote(s.text)}`;
  }
}

/** Child statements printed on their own lines under a statement. */
function children(s: Stmt): Stmt[] {
  switch (s.kind) {
    case 'block': return s.body;
    case 'if': return s.otherwise ? [s.then, { kind: 'label', name: '<else>', span: s.otherwise.span }, s.otherwise] : [s.then];
    case 'while': case 'do': case 'for': case 'foreach': case 'switch': return [s.body];
    default: return [];
  }
}

export function dumpStmt(s: Stmt, depth: number): string[] {
  const pad = '  '.repeat(depth);
  const lines = [`${pad}(${head(s)}) @${s.span.start}-${s.span.end}`];
  for (const c of children(s)) lines.push(...dumpStmt(c, depth + 1));
  return lines;
}

export function dumpFunction(f: FunctionAst): string {
  const params = f.params.map((p) => `${p.name || '_'}:${type(p.type)}`).join(' ');
  const lines = [
    `(function ${f.name} -> ${type(f.returnType)} (${params}) @${f.span.start}-${f.span.end}`,
    `  :attributes (${f.attributes.join(' ')}) :annotations (${f.annotations.map((a) => `${a.kind}:${a.lock}`).join(' ')})`,
    `  :complete ${f.complete} :starts-inside ${f.startsInside} :errors ${f.errorNodes}${f.body ? '' : ' :no-body'}`,
  ];
  if (f.body) for (const s of f.body.body) lines.push(...dumpStmt(s, 1));
  lines.push(')');
  return lines.join('\n');
}
