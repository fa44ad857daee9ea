/**
 * Lowers tree-sitter-c expression nodes to the simulator's Expr. Every node
 * kind the simulator does not model becomes `unknown` with its text, so the
 * lowering never throws and never drops code silently.
 */
import type { AssignOp, BinaryOp, Expr, UnaryOp } from '../../../../../simulator/src/ast.js';
import { namedChildren, type LowerContext, type TsNode } from './context.js';
import { isBranchHint, TRUNCATED_ARG } from './kernel-words.js';
import { parseCharLiteral, parseNumber, parseStringLiteral } from './literals.js';
import { lowerTypeDescriptor } from './types.js';

/** Statement lowering, injected to break the import cycle with statement expressions. */
export type BlockLowerer = (ctx: LowerContext, block: TsNode) => import('../../../../../simulator/src/ast.js').Stmt[];

let lowerBlockBody: BlockLowerer = () => [];

export function setBlockLowerer(fn: BlockLowerer): void {
  lowerBlockBody = fn;
}

const UNARY_OPS = new Set(['!', '-', '+', '~', '*', '&']);
const BINARY_OPS = new Set(['+', '-', '*', '/', '%', '<<', '>>', '&', '|', '^', '&&', '||', '==', '!=', '<', '<=', '>', '>=']);
const ASSIGN_OPS = new Set(['=', '+=', '-=', '*=', '/=', '%=', '<<=', '>>=', '&=', '|=', '^=']);
const NAME_LIKE = new Set(['identifier', 'field_identifier', 'type_identifier', 'null', 'true', 'false', 'statement_identifier']);

export function unknownExpr(ctx: LowerContext, n: TsNode): Expr {
  return { kind: 'unknown', text: ctx.textOf(n), span: ctx.span(n) };
}

function operatorOf(n: TsNode): string {
  return n.childForFieldName('operator')?.type ?? '';
}

export function lowerExpr(ctx: LowerContext, n: TsNode | null | undefined): Expr {
  if (!n) return { kind: 'unknown', text: '', span: { start: 0, end: 0 } };
  const span = ctx.span(n);
  if (NAME_LIKE.has(n.type)) return { kind: 'ident', name: ctx.textOf(n), span };
  switch (n.type) {
    case 'number_literal':
      return { kind: 'number', value: parseNumber(ctx.textOf(n)), text: ctx.textOf(n), span };
    case 'string_literal':
    case 'concatenated_string':
      return { kind: 'string', value: parseStringLiteral(ctx.textOf(n)), span };
    case 'char_literal':
      return { kind: 'char', value: parseCharLiteral(ctx.textOf(n)), span };
    case 'parenthesized_expression':
      return lowerParenthesized(ctx, n);
    case 'unary_expression':
    case 'pointer_expression':
      return lowerUnary(ctx, n);
    case 'update_expression':
      return lowerUpdate(ctx, n);
    case 'binary_expression':
      return lowerBinary(ctx, n);
    case 'assignment_expression':
      return lowerAssignment(ctx, n);
    case 'conditional_expression':
      return lowerConditional(ctx, n);
    case 'call_expression':
      return lowerCall(ctx, n);
    case 'field_expression':
      return lowerField(ctx, n);
    case 'subscript_expression':
      return { kind: 'index', object: lowerExpr(ctx, n.childForFieldName('argument')), index: lowerExpr(ctx, n.childForFieldName('index')), span };
    case 'cast_expression':
      return { kind: 'cast', type: lowerTypeDescriptor(ctx, n.childForFieldName('type')), arg: lowerExpr(ctx, n.childForFieldName('value')), span };
    case 'compound_literal_expression':
      return { kind: 'cast', type: lowerTypeDescriptor(ctx, n.childForFieldName('type')), arg: lowerExpr(ctx, n.childForFieldName('value')), span };
    case 'sizeof_expression':
    case 'alignof_expression':
    case 'offsetof_expression':
      return { kind: 'sizeof', text: ctx.textOf(n), span };
    case 'comma_expression':
      return { kind: 'comma', exprs: flattenComma(ctx, n), span };
    case 'initializer_list':
      return { kind: 'init-list', items: namedChildren(n).map((c) => lowerInitItem(ctx, c)), span };
    case 'initializer_pair':
      return lowerInitItem(ctx, n);
    case 'compound_statement':
      return { kind: 'stmt-expr', body: lowerBlockBody(ctx, n), span };
    default:
      return unknownExpr(ctx, n);
  }
}

function lowerParenthesized(ctx: LowerContext, n: TsNode): Expr {
  const inner = namedChildren(n);
  if (inner.length === 1 && inner[0].type === 'compound_statement') {
    return { kind: 'stmt-expr', body: lowerBlockBody(ctx, inner[0]), span: ctx.span(n) };
  }
  if (inner.length === 1) return lowerExpr(ctx, inner[0]);
  return unknownExpr(ctx, n);
}

function lowerUnary(ctx: LowerContext, n: TsNode): Expr {
  const op = operatorOf(n);
  const arg = lowerExpr(ctx, n.childForFieldName('argument'));
  if (!UNARY_OPS.has(op)) return unknownExpr(ctx, n);
  return { kind: 'unary', op: op as UnaryOp, arg, span: ctx.span(n) };
}

function lowerUpdate(ctx: LowerContext, n: TsNode): Expr {
  const opNode = n.childForFieldName('operator');
  const argNode = n.childForFieldName('argument');
  const op = opNode?.type === '--' ? '--' : '++';
  const prefix = !!opNode && !!argNode && opNode.startIndex < argNode.startIndex;
  return { kind: 'update', op, prefix, arg: lowerExpr(ctx, argNode), span: ctx.span(n) };
}

function lowerBinary(ctx: LowerContext, n: TsNode): Expr {
  const op = operatorOf(n);
  if (!BINARY_OPS.has(op)) return unknownExpr(ctx, n);
  return { kind: 'binary', op: op as BinaryOp, left: lowerExpr(ctx, n.childForFieldName('left')), right: lowerExpr(ctx, n.childForFieldName('right')), span: ctx.span(n) };
}

function lowerAssignment(ctx: LowerContext, n: TsNode): Expr {
  const op = operatorOf(n);
  if (!ASSIGN_OPS.has(op)) return unknownExpr(ctx, n);
  return { kind: 'assign', op: op as AssignOp, target: lowerExpr(ctx, n.childForFieldName('left')), value: lowerExpr(ctx, n.childForFieldName('right')), span: ctx.span(n) };
}

/** `a ? b : c`, and GNU `a ?: c`, where the missing middle is the test itself. */
function lowerConditional(ctx: LowerContext, n: TsNode): Expr {
  const test = lowerExpr(ctx, n.childForFieldName('condition'));
  const thenNode = n.childForFieldName('consequence');
  return { kind: 'conditional', test, then: thenNode ? lowerExpr(ctx, thenNode) : test, otherwise: lowerExpr(ctx, n.childForFieldName('alternative')), span: ctx.span(n) };
}

function lowerField(ctx: LowerContext, n: TsNode): Expr {
  return {
    kind: 'member',
    object: lowerExpr(ctx, n.childForFieldName('argument')),
    field: ctx.textOf(n.childForFieldName('field') ?? n),
    arrow: operatorOf(n) === '->',
    span: ctx.span(n),
  };
}

function flattenComma(ctx: LowerContext, n: TsNode): Expr[] {
  const out: Expr[] = [];
  for (const side of [n.childForFieldName('left'), n.childForFieldName('right')]) {
    if (side?.type === 'comma_expression') out.push(...flattenComma(ctx, side));
    else out.push(lowerExpr(ctx, side));
  }
  return out;
}

/** Designators are dropped: `.a = 1` lowers to its value, which is what the simulator reads. */
function lowerInitItem(ctx: LowerContext, n: TsNode): Expr {
  if (n.type !== 'initializer_pair') return lowerExpr(ctx, n);
  return lowerExpr(ctx, n.childForFieldName('value'));
}

/**
 * Arguments of a call. A type passed to a macro (`container_of(p, struct
 * page, lru)`) makes tree-sitter emit `struct` as an identifier followed by
 * an ERROR node; that pair is recovered as one unknown argument with the
 * type's text.
 */
export function lowerArguments(ctx: LowerContext, list: TsNode | null): { args: Expr[]; truncated: boolean } {
  const args: Expr[] = [];
  let truncated = false;
  const kids = list ? namedChildren(list) : [];
  for (let i = 0; i < kids.length; i++) {
    const k = kids[i];
    const next = kids[i + 1];
    if (k.type === 'identifier' && /^(struct|union|enum)$/.test(ctx.textOf(k)) && next?.type === 'ERROR') {
      ctx.recovered.add(next.id);
      args.push({ kind: 'unknown', text: ctx.text.slice(k.startIndex, next.endIndex), span: { start: k.startIndex, end: next.endIndex } });
      i++;
    } else if (k.type === 'identifier' && ctx.textOf(k) === TRUNCATED_ARG) {
      truncated = true;
    } else {
      args.push(lowerExpr(ctx, k));
    }
  }
  return { args, truncated };
}

function lowerCall(ctx: LowerContext, n: TsNode): Expr {
  const fn = n.childForFieldName('function');
  const { args, truncated } = lowerArguments(ctx, n.childForFieldName('arguments'));
  const span = ctx.span(n);
  if (fn?.type === 'identifier') {
    const callee = ctx.textOf(fn);
    if (isBranchHint(callee) && args.length === 1) return args[0];
    return { kind: 'call', callee, calleeSpan: ctx.span(fn), args, span, ...(truncated ? { truncated: true } : {}) };
  }
  return { kind: 'indirect-call', callee: lowerExpr(ctx, fn), args, span };
}
