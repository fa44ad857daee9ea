/**
 * Finds function definitions and prototypes in a parsed file and lowers each
 * to a FunctionAst, with the file-level `#if` conditions it sits under (the
 * frontend turns those into configuration variants).
 */
import type { FunctionAst, LockAnnotation, Param, Stmt } from '../../../../../simulator/src/ast.js';
import { allChildren, namedChildren, type LowerContext, type TsNode } from './context.js';
import { lowerBlock } from './stmt.js';
import { baseTypeName, unwrapDeclarator } from './types.js';

export interface LoweredFunction {
  ast: FunctionAst;
  /** File-level conditions around the function, outermost first: "CONFIG_X", "!CONFIG_Y". */
  conditions: string[];
  /** Configuration symbols that `#if` groups inside this function's body test. */
  bodySymbols: string[];
}

/** Containers that can hold functions at file level. */
const CONTAINERS = new Set(['translation_unit', 'preproc_ifdef', 'preproc_if', 'preproc_else', 'preproc_elif', 'preproc_elifdef', 'linkage_specification', 'declaration_list', 'ERROR']);

/** The condition a preprocessor group's own items stand under. */
function groupCondition(ctx: LowerContext, n: TsNode): string {
  if (n.type === 'preproc_ifdef' || n.type === 'preproc_elifdef') {
    const negated = /^#\s*(ifndef|elifndef)/.test(ctx.textOf(n));
    const name = n.childForFieldName('name');
    return `${negated ? '!' : ''}${name ? ctx.textOf(name) : '?'}`;
  }
  const cond = n.childForFieldName('condition');
  return normalizeCondition(cond ? ctx.textOf(cond) : '?');
}

/** `defined(CONFIG_X)` and `IS_ENABLED(CONFIG_X)` read as plain `CONFIG_X`. */
export function normalizeCondition(text: string): string {
  const t = text.replace(/\s+/g, ' ').trim();
  const single = /^(!)?\s*(?:defined|IS_ENABLED|IS_BUILTIN|IS_REACHABLE)\s*\(?\s*([A-Za-z_]\w*)\s*\)?$/.exec(t);
  if (single) return `${single[1] ?? ''}${single[2]}`;
  return t;
}

export function negateCondition(c: string): string {
  if (c.startsWith('!') && /^![A-Za-z_]\w*$/.test(c)) return c.slice(1);
  return /^[A-Za-z_]\w*$/.test(c) ? `!${c}` : `!(${c})`;
}

/** Visits file-level items, tracking the conditions each one stands under. */
export function collectFunctionNodes(ctx: LowerContext, root: TsNode): { node: TsNode; conditions: string[] }[] {
  const out: { node: TsNode; conditions: string[] }[] = [];
  const visit = (n: TsNode, conditions: string[]): void => {
    for (const child of namedChildren(n)) {
      if (child.type === 'function_definition' || (child.type === 'declaration' && declaresFunction(ctx, child))) {
        out.push({ node: child, conditions });
      } else if (CONTAINERS.has(child.type)) {
        visit(child, conditionsFor(ctx, n, child, conditions));
      }
    }
  };
  visit(root, []);
  return out;
}

/** Conditions for a nested container: a new group adds its own; an #else negates its group's. */
function conditionsFor(ctx: LowerContext, parent: TsNode, child: TsNode, outer: string[]): string[] {
  if (child.type === 'preproc_ifdef' || child.type === 'preproc_if') return [...outer, groupCondition(ctx, child)];
  if (child.type === 'preproc_else' && outer.length > 0 && /^preproc_(if|ifdef|elif|elifdef)$/.test(parent.type)) {
    return [...outer.slice(0, -1), negateCondition(outer[outer.length - 1])];
  }
  if ((child.type === 'preproc_elif' || child.type === 'preproc_elifdef') && outer.length > 0) {
    return [...outer.slice(0, -1), groupCondition(ctx, child)];
  }
  return outer;
}

function declaresFunction(ctx: LowerContext, n: TsNode): boolean {
  return n.childrenForFieldName('declarator').some((d) => {
    const info = d ? unwrapDeclarator(ctx, d) : null;
    return !!info?.functionDeclarator && !info.init && info.name !== '';
  });
}

function lowerParams(ctx: LowerContext, fnDecl: TsNode | null): Param[] {
  const list = fnDecl?.childForFieldName('parameters');
  if (!list) return [];
  const params: Param[] = [];
  for (const p of namedChildren(list)) {
    if (p.type !== 'parameter_declaration') continue;
    const base = baseTypeName(ctx, p.childForFieldName('type'));
    const info = unwrapDeclarator(ctx, p.childForFieldName('declarator'));
    if (base === 'void' && info.pointer === 0 && !info.name) continue;
    params.push({ name: info.name, type: { base, pointer: info.pointer }, span: ctx.span(p) });
  }
  return params;
}

/** Storage classes and attributes written on the function, masked ones included. */
function functionAttributes(ctx: LowerContext, n: TsNode, regionStart: number, bodyStart: number, params: TsNode | null) {
  const attributes: string[] = [];
  const annotations: LockAnnotation[] = [];
  let first = n.startIndex;
  for (const c of allChildren(n)) {
    if (c.type === 'storage_class_specifier' || c.type === 'type_qualifier' || c.type === 'attribute_specifier' || c.type === 'ms_declspec_modifier') {
      attributes.push(ctx.textOf(c).replace(/\s+/g, ' '));
    }
  }
  const inParams = (o: number): boolean => !!params && o >= params.startIndex && o < params.endIndex;
  for (const a of ctx.mask.attributes) {
    if (a.start < regionStart || a.start >= bodyStart || inParams(a.start)) continue;
    first = Math.min(first, a.start);
    if (a.annotation) annotations.push({ kind: a.annotation.kind, lock: a.annotation.lock });
    else attributes.push(a.text);
  }
  return { attributes, annotations, first };
}

/** Whether a gap statement appears anywhere in a statement list (statement expressions aside). */
function containsGap(stmts: Stmt[]): boolean {
  for (const s of stmts) {
    switch (s.kind) {
      case 'gap':
        return true;
      case 'block':
        if (containsGap(s.body)) return true;
        break;
      case 'if':
        if (containsGap([s.then]) || (s.otherwise && containsGap([s.otherwise]))) return true;
        break;
      case 'while': case 'do': case 'for': case 'foreach': case 'switch':
        if (containsGap([s.body])) return true;
        break;
      default:
        break;
    }
  }
  return false;
}

/**
 * Lowers a body; a body nested deeper than the stack allows becomes one
 * unknown statement, so the function is still listed with its header.
 */
function lowerBodySafely(ctx: LowerContext, bodyNode: TsNode): Stmt & { kind: 'block' } {
  try {
    return lowerBlock(ctx, bodyNode);
  } catch {
    const span = ctx.span(bodyNode);
    return { kind: 'block', body: [{ kind: 'unknown', text: 'body nested too deeply to lower', span }], span };
  }
}

export function lowerFunctionNode(ctx: LowerContext, n: TsNode, regionStart: number): FunctionAst | null {
  const declarator = n.type === 'function_definition'
    ? n.childForFieldName('declarator')
    : n.childrenForFieldName('declarator').find((d) => d && unwrapDeclarator(ctx, d).functionDeclarator) ?? null;
  const info = unwrapDeclarator(ctx, declarator);
  if (!info.name || !info.nameNode) return null;
  const bodyNode = n.type === 'function_definition' ? n.childForFieldName('body') : null;
  const paramsNode = info.functionDeclarator?.childForFieldName('parameters') ?? null;
  const bodyStart = bodyNode?.startIndex ?? n.endIndex;
  const { attributes, annotations, first } = functionAttributes(ctx, n, regionStart, bodyStart, paramsNode);
  const body = bodyNode?.type === 'compound_statement' ? lowerBodySafely(ctx, bodyNode) : undefined;
  const hasGap = body ? containsGap(body.body) : false;
  return {
    name: info.name,
    nameSpan: ctx.span(info.nameNode),
    returnType: { base: baseTypeName(ctx, n.childForFieldName('type')), pointer: info.pointer },
    params: lowerParams(ctx, info.functionDeclarator),
    ...(body ? { body } : {}),
    attributes,
    annotations,
    complete: !!body && !hasGap && !(body.body.length === 1 && body.body[0].kind === 'unknown' && body.body[0].text === 'body nested too deeply to lower'),
    startsInside: body?.body[0]?.kind === 'gap',
    span: { start: first, end: n.endIndex },
    errorNodes: ctx.countErrors(n),
  };
}
