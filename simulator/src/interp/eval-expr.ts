/**
 * Expression evaluation. Evaluating an expression can fork the path (&&, ||,
 * ?:, a call whose callee returns in several ways), so every evaluator
 * returns a list of (path, value) outcomes.
 */
import type { Expr } from '../ast.js';
import { addr, constant, fresh, negate, op, truthy, ZERO, type OpName, type Term } from '../solver/term.js';
import type { Loc } from '../trace.js';
import { branch, type ConditionText } from './branch.js';
import { callFunction } from './calls.js';
import { CONSTANTS } from './constants.js';
import type { RunContext } from './context.js';
import { derefLValue, indexLValue, objectAt, readLValue, writeLValue, type LValue } from './memory.js';
import { recordPageArith } from './page-arith.js';
import type { Path } from './path.js';
import { negatedText, printExpr } from './print-expr.js';
import { LOCK_FIELDS, lockOf } from './locks.js';
import { record } from './record.js';
import { execBlockForValue } from './exec-stmt.js';
import { conditionOrigin } from './condition-origin.js';

export interface Val {
  path: Path;
  value: Term;
}

const BINARY: Record<string, OpName> = {
  '+': 'add', '-': 'sub', '*': 'mul', '/': 'div', '%': 'mod', '<<': 'shl', '>>': 'shr',
  '&': 'and', '|': 'or', '^': 'xor', '==': 'eq', '!=': 'ne', '<': 'lt', '<=': 'le', '>': 'gt', '>=': 'ge',
};

export function textOf(ctx: RunContext, path: Path, e: Expr): string {
  const fn = path.frame?.fn ?? '';
  const t = fn.startsWith('model:') ? '' : ctx.sourceText(fn, e.span.start, e.span.end);
  return (t || printExpr(e)).replace(/\s+/g, ' ').trim();
}

export function locOf(path: Path, e: { span: { start: number; end: number } }): Loc {
  return { fn: path.frame.fn, span: e.span };
}

export function evalExpr(ctx: RunContext, path: Path, e: Expr): Val[] {
  ctx.tick();
  switch (e.kind) {
    case 'number': return [{ path, value: constant(BigInt(Math.trunc(e.value))) }];
    case 'char': return [{ path, value: constant(e.value) }];
    case 'string': return [{ path, value: addr(stringObject(path, e.value)) }];
    case 'sizeof': return [{ path, value: constant(8) }];
    case 'ident': return [{ path, value: identValue(path, e.name) }];
    case 'unary': return evalUnary(ctx, path, e);
    case 'update': return evalUpdate(ctx, path, e);
    case 'binary': return evalBinary(ctx, path, e);
    case 'assign': return evalAssign(ctx, path, e);
    case 'conditional': return evalConditional(ctx, path, e);
    case 'call': return evalCall(ctx, path, e);
    case 'indirect-call': {
      const name = textOf(ctx, path, e.callee);
      record(path, { kind: 'unknown-call', name }, locOf(path, e));
      return [{ path, value: fresh(`${name}(...)`) }];
    }
    case 'member': case 'index':
      return evalLValue(ctx, path, e).map(({ path: p, lv }) => ({ path: p, value: readLValue(p, lv) }));
    case 'cast': return evalExpr(ctx, path, e.arg);
    case 'comma': return evalSequence(ctx, path, e.exprs);
    case 'stmt-expr': return execBlockForValue(ctx, path, e.body);
    case 'init-list': return [{ path, value: fresh('{...}') }];
    case 'unknown':
      path.markIncomplete(`could not interpret "${e.text.slice(0, 40)}"`);
      return [{ path, value: fresh(e.text.slice(0, 40)) }];
  }
}

function stringObject(path: Path, value: string): number {
  const key = `string:${value}`;
  const id = path.heap.materializedFor(key);
  if (id !== undefined) return id;
  const obj = path.heap.create('struct', JSON.stringify(value));
  path.heap.bindMaterialized(key, obj.id);
  return obj.id;
}

/** Variables, then kernel constants, then globals (a stable object per name). */
export function identValue(path: Path, name: string): Term {
  const v = path.lookup(name);
  if (v) return v;
  const c = CONSTANTS.get(name);
  if (c !== undefined) return constant(c);
  const key = `global:${name}`;
  const id = path.heap.materializedFor(key);
  if (id !== undefined) return addr(id);
  const obj = path.heap.create('struct', name);
  path.heap.bindMaterialized(key, obj.id);
  return addr(obj.id);
}

export function evalSequence(ctx: RunContext, path: Path, exprs: Expr[]): Val[] {
  let current: Val[] = [{ path, value: ZERO }];
  for (const e of exprs) current = current.flatMap((v) => evalExpr(ctx, v.path, e));
  return current;
}

/** Evaluates arguments left to right, keeping every fork. */
export function evalArgs(ctx: RunContext, path: Path, args: Expr[]): { path: Path; values: Term[] }[] {
  let current: { path: Path; values: Term[] }[] = [{ path, values: [] }];
  for (const a of args) {
    current = current.flatMap((c) => evalExpr(ctx, c.path, a).map((v) => ({ path: v.path, values: [...c.values, v.value] })));
  }
  return current;
}

function evalUnary(ctx: RunContext, path: Path, e: Expr & { kind: 'unary' }): Val[] {
  if (e.op === '&') return addressOf(ctx, path, e.arg);
  if (e.op === '*') return evalLValue(ctx, path, e).map(({ path: p, lv }) => ({ path: p, value: readLValue(p, lv) }));
  return evalExpr(ctx, path, e.arg).map(({ path: p, value }) => {
    switch (e.op) {
      case '!': return { path: p, value: negate(truthy(value)) };
      case '-': return { path: p, value: op('neg', value) };
      case '~': return { path: p, value: op('bnot', value) };
      default: return { path: p, value };
    }
  });
}

/** Global locks that are a lock class of their own (mm-facts §1.2). */
const GLOBAL_LOCKS = new Set(['hugetlb_lock']);

function addressOf(ctx: RunContext, path: Path, target: Expr): Val[] {
  if (target.kind === 'member' && LOCK_FIELDS[target.field]) {
    return containerOf(ctx, path, target).map(({ path: p, obj, text }) => {
      const lock = lockOf(p, LOCK_FIELDS[target.field], addr(obj), text);
      return { path: p, value: addr(lock.obj) };
    });
  }
  if (target.kind === 'index' && target.object.kind === 'ident' && target.object.name === 'hugetlb_fault_mutex_table') {
    // &hugetlb_fault_mutex_table[hash] is the fault mutex of (mapping, index),
    // whose place in the lock order (mm-facts §1.1) the checks need.
    return evalExpr(ctx, path, target.index).map(({ path: p, value }) => ({ path: p, value: addr(lockOf(p, 'fault_mutex', value, 'hash', 'hugetlb fault mutex').obj) }));
  }
  if (target.kind === 'ident' && GLOBAL_LOCKS.has(target.name) && !path.lookup(target.name)) {
    // &hugetlb_lock is the global lock of that class, the one the models and
    // the lock order name, not an anonymous spinlock.
    return [{ path, value: addr(lockOf(path, target.name, undefined, target.name).obj) }];
  }
  if (target.kind === 'ident') {
    const v = path.lookup(target.name);
    return [{ path, value: v && target.name ? cellFor(path, target.name) : identValue(path, target.name) }];
  }
  if (target.kind === 'member') {
    if (target.field === 'page' && target.arrow) {
      // &folio->page is the folio's head struct page: the first element of its memmap.
      const memmap = evalExpr(ctx, path, target.object).filter(({ path: p, value }) => value.t === 'addr' && p.heap.get(value.obj)?.isMemmap);
      if (memmap.length) return memmap.map(({ path: p, value }) => ({ path: p, value: addr((value as Term & { t: 'addr' }).obj) }));
    }
    return evalExpr(ctx, path, target);
  }
  return evalLValue(ctx, path, target).map(({ path: p, lv }) => ({ path: p, value: lv.k === 'field' ? addr(lv.obj) : fresh(`&${textOf(ctx, p, target)}`) }));
}

/** `&local` gives a pointer to a cell that mirrors the variable (used for out-parameters). */
function cellFor(path: Path, name: string): Term {
  const key = `cell:${path.frames.length}:${name}`;
  let id = path.heap.materializedFor(key);
  if (id === undefined) {
    id = path.heap.create('struct', `&${name}`, { fields: new Map(), cellOf: { depth: path.frames.length, name } }).id;
    path.heap.bindMaterialized(key, id);
  }
  return addr(id);
}

/** The object a member expression reads from, with the text naming it. */
function containerOf(ctx: RunContext, path: Path, e: Expr & { kind: 'member' }): { path: Path; obj: number; text: string }[] {
  const text = textOf(ctx, path, e.object);
  return evalExpr(ctx, path, e.object).map(({ path: p, value }) => {
    if (e.arrow) record(p, { kind: 'deref', pointer: value, text }, locOf(p, e));
    return { path: p, obj: objectAt(p, value, text).id, text };
  });
}

export function evalLValue(ctx: RunContext, path: Path, e: Expr): { path: Path; lv: LValue }[] {
  switch (e.kind) {
    case 'ident': return [{ path, lv: { k: 'var', name: e.name } }];
    case 'member':
      return containerOf(ctx, path, e).map(({ path: p, obj, text }) => ({
        path: p, lv: { k: 'field', obj, field: e.field, text: `${text}${e.arrow ? '->' : '.'}${e.field}` },
      }));
    case 'index': {
      const text = textOf(ctx, path, e);
      return evalExpr(ctx, path, e.object).flatMap(({ path: p, value: base }) =>
        evalExpr(ctx, p, e.index).map(({ path: q, value: idx }) => ({ path: q, lv: indexLValue(q, base, idx, text) })));
    }
    case 'unary':
      if (e.op === '*') {
        const text = textOf(ctx, path, e.arg);
        return evalExpr(ctx, path, e.arg).map(({ path: p, value }) => {
          record(p, { kind: 'deref', pointer: value, text }, locOf(p, e.arg));
          return { path: p, lv: derefLValue(p, value, text) };
        });
      }
      break;
    case 'cast': return evalLValue(ctx, path, e.arg);
  }
  return evalExpr(ctx, path, e).map(({ path: p }) => ({ path: p, lv: { k: 'none', text: textOf(ctx, p, e) } }));
}

function evalUpdate(ctx: RunContext, path: Path, e: Expr & { kind: 'update' }): Val[] {
  return evalLValue(ctx, path, e.arg).map(({ path: p, lv }) => {
    const old = readLValue(p, lv);
    const delta = e.op === '++' ? 1n : -1n;
    const next = pointerPlus(ctx, p, old, constant(delta), e, textOf(ctx, p, e));
    writeLValue(p, lv, next);
    return { path: p, value: e.prefix ? next : old };
  });
}

/** `base + delta`, recording struct-page arithmetic so the gigantic-page check can see it. */
export function pointerPlus(ctx: RunContext, path: Path, base: Term, delta: Term, e: Expr, text: string): Term {
  if (base.t === 'addr') {
    recordPageArith(ctx, path, base, delta, e, text);
    return addr(base.obj, op('add', base.off, delta));
  }
  return op('add', base, delta);
}

function evalBinary(ctx: RunContext, path: Path, e: Expr & { kind: 'binary' }): Val[] {
  if (e.op === '&&' || e.op === '||') return evalLogical(ctx, path, e);
  return evalExpr(ctx, path, e.left).flatMap(({ path: p, value: l }) =>
    evalExpr(ctx, p, e.right).map(({ path: q, value: r }) => {
      if (e.op === '+' && l.t === 'addr') return { path: q, value: pointerPlus(ctx, q, l, r, e, textOf(ctx, q, e)) };
      if (e.op === '+' && r.t === 'addr') return { path: q, value: pointerPlus(ctx, q, r, l, e, textOf(ctx, q, e)) };
      if (e.op === '-' && l.t === 'addr' && r.t !== 'addr') return { path: q, value: pointerPlus(ctx, q, l, op('neg', r), e, textOf(ctx, q, e)) };
      return { path: q, value: op(BINARY[e.op], l, r) };
    }));
}

/** `a && b` / `a || b` are control flow: b runs only when a decides nothing. */
function evalLogical(ctx: RunContext, path: Path, e: Expr & { kind: 'binary' }): Val[] {
  const out: Val[] = [];
  for (const { path: p, value: l } of evalExpr(ctx, path, e.left)) {
    noteNullCheck(ctx, p, e.left, l);
    const b = branch(ctx, p, l, conditionText(ctx, p, e.left), locOf(p, e.left));
    const shortCircuit = e.op === '&&' ? b.whenFalse : b.whenTrue;
    const goOn = e.op === '&&' ? b.whenTrue : b.whenFalse;
    if (shortCircuit) out.push({ path: shortCircuit, value: e.op === '&&' ? ZERO : constant(1) });
    if (goOn) {
      for (const { path: q, value: r } of evalExpr(ctx, goOn, e.right)) {
        noteNullCheck(ctx, q, e.right, r);
        out.push({ path: q, value: truthy(r) });
      }
    }
  }
  return out;
}

function evalConditional(ctx: RunContext, path: Path, e: Expr & { kind: 'conditional' }): Val[] {
  return evalExpr(ctx, path, e.test).flatMap(({ path: p, value }) => {
    noteNullCheck(ctx, p, e.test, value);
    const b = branch(ctx, p, value, conditionText(ctx, p, e.test), locOf(p, e.test));
    return [
      ...(b.whenTrue ? evalExpr(ctx, b.whenTrue, e.then) : []),
      ...(b.whenFalse ? evalExpr(ctx, b.whenFalse, e.otherwise) : []),
    ];
  });
}

function evalAssign(ctx: RunContext, path: Path, e: Expr & { kind: 'assign' }): Val[] {
  return evalLValue(ctx, path, e.target).flatMap(({ path: p, lv }) =>
    evalExpr(ctx, p, e.value).map(({ path: q, value }) => {
      let next = value;
      if (e.op !== '=') {
        const old = readLValue(q, lv);
        const opName = BINARY[e.op.slice(0, -1)];
        next = (opName === 'add' || opName === 'sub') && old.t === 'addr'
          ? pointerPlus(ctx, q, old, opName === 'sub' ? op('neg', value) : value, e, textOf(ctx, q, e))
          : op(opName, old, value);
      }
      writeLValue(q, lv, next);
      if (lv.k === 'entry') record(q, { kind: 'write-entry', via: textOf(ctx, q, e.target), level: q.heap.get(lv.table)?.level ?? 'pte', table: lv.table, tableLabel: q.heap.get(lv.table)?.label ?? '', index: lv.index.key, before: value, value: 'modified', maySharedLower: false }, locOf(q, e));
      return { path: q, value: next };
    }));
}

function evalCall(ctx: RunContext, path: Path, e: Expr & { kind: 'call' }): Val[] {
  if (e.truncated) path.markIncomplete(`the call to ${e.callee} is cut off in the quote`);
  return callFunction(ctx, path, e.callee, e.args, locOf(path, e));
}

/** The text of a condition and of its negation, from the source. */
export function conditionText(ctx: RunContext, path: Path, e: Expr): ConditionText {
  const text = textOf(ctx, path, e);
  return { text, negatedText: negatedText(e, text), ...conditionOrigin(path, e) };
}

/** A test of a pointer against NULL (`!p`, `p`, `p == NULL`): deref-before-check looks for these. */
export function noteNullCheck(ctx: RunContext, path: Path, e: Expr, _value: Term): void {
  let target: Expr | undefined;
  if (e.kind === 'ident' || e.kind === 'member') target = e;
  else if (e.kind === 'unary' && e.op === '!' && (e.arg.kind === 'ident' || e.arg.kind === 'member')) target = e.arg;
  else if (e.kind === 'binary' && (e.op === '==' || e.op === '!=')) {
    const isNull = (x: Expr) => (x.kind === 'ident' && x.name === 'NULL') || (x.kind === 'number' && x.value === 0);
    if (isNull(e.right) && (e.left.kind === 'ident' || e.left.kind === 'member')) target = e.left;
  }
  if (!target) return;
  const pointer = target.kind === 'ident' ? path.lookup(target.name) : undefined;
  if (target.kind === 'ident' && !pointer) return;
  const value = pointer ?? evalQuiet(ctx, path, target);
  // A value already known to be a constant is not a pointer whose NULL-ness
  // is in question, and constants are interned: `if (dropped)` with dropped
  // == 0 would otherwise "check" any NULL pointer dereferenced earlier
  // (vma->vm_file of an anonymous VMA), which is a different value.
  if (value && value.t !== 'const') record(path, { kind: 'null-check', pointer: value, text: textOf(ctx, path, target) }, locOf(path, target));
}

/** Re-reads a member chain without recording anything (its value is already in the heap). */
function evalQuiet(ctx: RunContext, path: Path, e: Expr): Term | undefined {
  if (e.kind === 'ident') return path.lookup(e.name);
  if (e.kind === 'member') {
    const base = evalQuiet(ctx, path, e.object);
    if (!base) return undefined;
    const obj = base.t === 'addr' ? base.obj : path.heap.materializedFor(base.key);
    return obj === undefined ? undefined : path.heap.get(obj)?.fields.get(e.field);
  }
  return undefined;
}
