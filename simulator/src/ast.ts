/**
 * The plain, typed AST the simulator interprets.
 *
 * The frontend lowers each tree-sitter tree into these nodes and deletes the
 * tree, so nothing here refers to tree-sitter. Only the C that the simulator
 * needs is represented; anything else becomes an `unknown` node that keeps its
 * text and span, so a gap in the lowering is visible instead of silently lost.
 * Every node carries the span of the text it came from (offsets into the
 * function's source text).
 */
import type { Span } from './span.js';

/** A C type as far as the simulator cares: the base name and pointer depth. */
export interface TypeRef {
  /** For example "struct page", "unsigned long", "pte_t", "spinlock_t". */
  base: string;
  /** Number of `*` levels; arrays count as one. */
  pointer: number;
}

export type Expr =
  | { kind: 'number'; value: number; text: string; span: Span }
  | { kind: 'string'; value: string; span: Span }
  | { kind: 'char'; value: number; span: Span }
  | { kind: 'ident'; name: string; span: Span }
  | { kind: 'unary'; op: UnaryOp; arg: Expr; span: Span }
  | { kind: 'update'; op: '++' | '--'; prefix: boolean; arg: Expr; span: Span }
  | { kind: 'binary'; op: BinaryOp; left: Expr; right: Expr; span: Span }
  | { kind: 'assign'; op: AssignOp; target: Expr; value: Expr; span: Span }
  | { kind: 'conditional'; test: Expr; then: Expr; otherwise: Expr; span: Span }
  | { kind: 'call'; callee: string; calleeSpan: Span; args: Expr[]; span: Span; truncated?: boolean }
  | { kind: 'indirect-call'; callee: Expr; args: Expr[]; span: Span }
  | { kind: 'member'; object: Expr; field: string; arrow: boolean; span: Span }
  | { kind: 'index'; object: Expr; index: Expr; span: Span }
  | { kind: 'cast'; type: TypeRef; arg: Expr; span: Span }
  | { kind: 'sizeof'; text: string; span: Span }
  | { kind: 'comma'; exprs: Expr[]; span: Span }
  | { kind: 'stmt-expr'; body: Stmt[]; span: Span }
  | { kind: 'init-list'; items: Expr[]; span: Span }
  | { kind: 'unknown'; text: string; span: Span };

export type UnaryOp = '!' | '-' | '+' | '~' | '*' | '&';
export type BinaryOp =
  | '+' | '-' | '*' | '/' | '%'
  | '<<' | '>>' | '&' | '|' | '^'
  | '&&' | '||'
  | '==' | '!=' | '<' | '<=' | '>' | '>=';
export type AssignOp = '=' | '+=' | '-=' | '*=' | '/=' | '%=' | '<<=' | '>>=' | '&=' | '|=' | '^=';

export interface Declarator {
  name: string;
  type: TypeRef;
  init?: Expr;
  span: Span;
}

export type Stmt =
  | { kind: 'decl'; decls: Declarator[]; span: Span }
  | { kind: 'expr'; expr: Expr; span: Span }
  | { kind: 'block'; body: Stmt[]; span: Span }
  | { kind: 'if'; test: Expr; then: Stmt; otherwise?: Stmt; span: Span }
  | { kind: 'while'; test: Expr; body: Stmt; span: Span }
  | { kind: 'do'; body: Stmt; test: Expr; span: Span }
  | { kind: 'for'; init?: Stmt; test?: Expr; update?: Expr; body: Stmt; span: Span }
  /** An iterator macro used as a loop header: list_for_each_entry(pos, head, member) { ... }. */
  | { kind: 'foreach'; macro: string; args: Expr[]; body: Stmt; span: Span }
  | { kind: 'switch'; test: Expr; body: Stmt; span: Span }
  /** `case V:` / `default:`; the statements that follow belong to the enclosing block. */
  | { kind: 'case'; value?: Expr; span: Span }
  | { kind: 'return'; value?: Expr; span: Span }
  | { kind: 'break'; span: Span }
  | { kind: 'continue'; span: Span }
  | { kind: 'goto'; label: string; span: Span }
  | { kind: 'label'; name: string; span: Span }
  | { kind: 'empty'; span: Span }
  /** Code the quote does not show (the function is partial here, or a `[..]` elision). */
  | { kind: 'gap'; reason: string; span: Span }
  /** A statement the lowering could not understand (an ERROR node, an unknown macro form). */
  | { kind: 'unknown'; text: string; span: Span };

export interface Param {
  name: string;
  type: TypeRef;
  span: Span;
}

/** A lock annotation on the function: __must_hold(x), __acquires(x), __releases(x). */
export interface LockAnnotation {
  kind: 'must_hold' | 'acquires' | 'releases';
  lock: string;
}

export interface FunctionAst {
  name: string;
  nameSpan: Span;
  returnType: TypeRef;
  params: Param[];
  /** The body; absent for a declaration without a body. */
  body?: Stmt & { kind: 'block' };
  /** Storage class, section and other attributes: static, inline, __init, __weak... */
  attributes: string[];
  annotations: LockAnnotation[];
  /**
   * Whether the whole body is visible. When false, the body holds `gap`
   * statements where code is missing; `startsInside` says the visible text
   * begins in the middle of the body (the first statements are not shown).
   */
  complete: boolean;
  startsInside: boolean;
  span: Span;
  /** ERROR/MISSING nodes tree-sitter left that the lowering could not recover. */
  errorNodes: number;
}
