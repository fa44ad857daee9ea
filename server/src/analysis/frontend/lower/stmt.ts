/**
 * Lowers statements. Blocks are flattened the way the simulator wants them:
 * `case`/`default` become markers followed by their statements, labels become
 * a `label` statement followed by the labelled statement, and gap marker
 * comments become `gap` statements.
 */
import type { Declarator, Expr, Stmt } from '../../../../../simulator/src/ast.js';
import { allChildren, namedChildren, type LowerContext, type TsNode } from './context.js';
import { lowerExpr, setBlockLowerer } from './expr.js';
import { GAP_MARKER } from './kernel-words.js';
import { baseTypeName, unwrapDeclarator } from './types.js';

type Block = Stmt & { kind: 'block' };

export function unknownStmt(ctx: LowerContext, n: TsNode): Stmt {
  return { kind: 'unknown', text: ctx.textOf(n), span: ctx.span(n) };
}

/** A block's statements, with cases, labels and gap markers flattened into the list. */
export function lowerStmtList(ctx: LowerContext, block: TsNode): Stmt[] {
  const out: Stmt[] = [];
  for (const child of allChildren(block)) {
    if (!child.isNamed) continue;
    out.push(...lowerFlattened(ctx, child));
  }
  return out;
}

setBlockLowerer(lowerStmtList);

/** One child of a block, which may stand for several statements (a case with its body, a label). */
function lowerFlattened(ctx: LowerContext, n: TsNode): Stmt[] {
  switch (n.type) {
    case 'comment': {
      const m = GAP_MARKER.exec(ctx.textOf(n));
      return m ? [{ kind: 'gap', reason: m[1].trim(), span: ctx.span(n) }] : [];
    }
    case 'case_statement':
      return lowerCase(ctx, n);
    case 'labeled_statement':
      return lowerLabeled(ctx, n);
    case 'ERROR':
      return lowerError(ctx, n);
    default:
      return [lowerStmt(ctx, n)];
  }
}

function lowerCase(ctx: LowerContext, n: TsNode): Stmt[] {
  const valueNode = n.childForFieldName('value');
  const isDefault = n.child(0)?.type === 'default';
  const head = valueNode ?? n.child(0);
  const markerEnd = allChildren(n).find((c) => c.type === ':')?.endIndex ?? head?.endIndex ?? n.startIndex;
  const marker: Stmt = {
    kind: 'case',
    ...(!isDefault && valueNode ? { value: lowerExpr(ctx, valueNode) } : {}),
    span: { start: n.startIndex, end: markerEnd },
  };
  const out: Stmt[] = [marker];
  for (const child of allChildren(n)) {
    if (!child.isNamed || child.id === valueNode?.id) continue;
    out.push(...lowerFlattened(ctx, child));
  }
  return out;
}

function lowerLabeled(ctx: LowerContext, n: TsNode): Stmt[] {
  const label = n.childForFieldName('label');
  const out: Stmt[] = [{ kind: 'label', name: label ? ctx.textOf(label) : '', span: { start: n.startIndex, end: (label ?? n).endIndex + 1 } }];
  for (const child of allChildren(n)) {
    if (!child.isNamed || child.id === label?.id) continue;
    out.push(...lowerFlattened(ctx, child));
  }
  return out;
}

/**
 * An ERROR node in a block often still holds whole statements; lower those
 * and keep the rest as unknown, so one bad line does not hide its neighbours.
 */
function lowerError(ctx: LowerContext, n: TsNode): Stmt[] {
  const kids = namedChildren(n);
  const statementLike = kids.filter((k) => /_statement$|^declaration$|^compound_statement$/.test(k.type));
  if (statementLike.length === 0 || statementLike.length !== kids.length) return [unknownStmt(ctx, n)];
  return statementLike.flatMap((k) => lowerFlattened(ctx, k));
}

/** Lowers one statement; a flattened list of several becomes a block. */
export function lowerSingle(ctx: LowerContext, n: TsNode | null): Stmt {
  if (!n) return { kind: 'empty', span: { start: 0, end: 0 } };
  const list = lowerFlattened(ctx, n);
  if (list.length === 1) return list[0];
  return { kind: 'block', body: list, span: ctx.span(n) };
}

export function lowerBlock(ctx: LowerContext, n: TsNode): Block {
  return { kind: 'block', body: lowerStmtList(ctx, n), span: ctx.span(n) };
}

function condition(ctx: LowerContext, n: TsNode): Expr {
  return lowerExpr(ctx, n.childForFieldName('condition'));
}

export function lowerStmt(ctx: LowerContext, n: TsNode): Stmt {
  const span = ctx.span(n);
  switch (n.type) {
    case 'compound_statement':
      return lowerBlock(ctx, n);
    case 'expression_statement': {
      const e = namedChildren(n)[0];
      return e ? { kind: 'expr', expr: lowerExpr(ctx, e), span } : { kind: 'empty', span };
    }
    case 'declaration':
      return lowerDeclaration(ctx, n);
    case 'if_statement': {
      const alt = n.childForFieldName('alternative');
      const otherwise = alt ? lowerSingle(ctx, alt.type === 'else_clause' ? namedChildren(alt)[0] ?? null : alt) : undefined;
      return { kind: 'if', test: condition(ctx, n), then: lowerSingle(ctx, n.childForFieldName('consequence')), ...(otherwise ? { otherwise } : {}), span };
    }
    case 'while_statement':
      return lowerWhile(ctx, n);
    case 'do_statement':
      return { kind: 'do', body: lowerSingle(ctx, n.childForFieldName('body')), test: condition(ctx, n), span };
    case 'for_statement':
      return lowerFor(ctx, n);
    case 'switch_statement':
      return { kind: 'switch', test: condition(ctx, n), body: lowerSingle(ctx, n.childForFieldName('body')), span };
    case 'return_statement': {
      const v = namedChildren(n)[0];
      return v ? { kind: 'return', value: lowerExpr(ctx, v), span } : { kind: 'return', span };
    }
    case 'break_statement':
      return { kind: 'break', span };
    case 'continue_statement':
      return { kind: 'continue', span };
    case 'goto_statement':
      return { kind: 'goto', label: ctx.textOf(n.childForFieldName('label') ?? n), span };
    case 'case_statement':
    case 'labeled_statement':
    case 'comment':
    case 'ERROR':
      return lowerSingle(ctx, n);
    default:
      return unknownStmt(ctx, n);
  }
}

/** `while` is either a real while loop or an iterator macro that masking rewrote. */
function lowerWhile(ctx: LowerContext, n: TsNode): Stmt {
  const span = ctx.span(n);
  const body = lowerSingle(ctx, n.childForFieldName('body'));
  const macro = ctx.loopMacroAt(n.startIndex);
  if (!macro) return { kind: 'while', test: condition(ctx, n), body, span };
  const cond = n.childForFieldName('condition');
  const inner = cond?.type === 'parenthesized_expression' ? namedChildren(cond)[0] : cond;
  const argNodes = inner?.type === 'comma_expression' ? flattenCommaNodes(inner) : inner ? [inner] : [];
  const args = argNodes.map((a) => lowerExpr(ctx, a));
  return { kind: 'foreach', macro, args, body, span };
}

function flattenCommaNodes(n: TsNode): TsNode[] {
  const out: TsNode[] = [];
  for (const side of [n.childForFieldName('left'), n.childForFieldName('right')]) {
    if (!side) continue;
    if (side.type === 'comma_expression') out.push(...flattenCommaNodes(side));
    else out.push(side);
  }
  return out;
}

function lowerFor(ctx: LowerContext, n: TsNode): Stmt {
  const initNode = n.childForFieldName('initializer');
  const testNode = n.childForFieldName('condition');
  const updateNode = n.childForFieldName('update');
  const init: Stmt | undefined = !initNode ? undefined
    : initNode.type === 'declaration' ? lowerDeclaration(ctx, initNode)
    : { kind: 'expr', expr: lowerExpr(ctx, initNode), span: ctx.span(initNode) };
  return {
    kind: 'for',
    ...(init ? { init } : {}),
    ...(testNode ? { test: lowerExpr(ctx, testNode) } : {}),
    ...(updateNode ? { update: lowerExpr(ctx, updateNode) } : {}),
    body: lowerSingle(ctx, n.childForFieldName('body')),
    span: ctx.span(n),
  };
}

export function lowerDeclaration(ctx: LowerContext, n: TsNode): Stmt {
  const base = baseTypeName(ctx, n.childForFieldName('type'));
  const decls: Declarator[] = [];
  for (const d of n.childrenForFieldName('declarator')) {
    if (!d) continue;
    const info = unwrapDeclarator(ctx, d);
    decls.push({
      name: info.name,
      type: { base, pointer: info.pointer },
      ...(info.init ? { init: lowerExpr(ctx, info.init) } : {}),
      span: ctx.span(d),
    });
  }
  return { kind: 'decl', decls, span: ctx.span(n) };
}
