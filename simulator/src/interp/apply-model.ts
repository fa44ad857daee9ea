/**
 * Gives a kernel API model its meaning at a call site: checks the locks it
 * requires, assumes what it asserts, notes sleeping, forks one path per
 * return case whose condition can hold, applies the effects, and takes or
 * drops locks. Model strings are evaluated by the same evaluator as patch
 * code, in a frame where the parameters are bound to the call's arguments.
 */
import type { Expr } from '../ast.js';
import { parseLockExpr, parseModelExpr } from '../models/expr-parser.js';
import type { ApiModel, Effect, LockUse, ReturnCase } from '../models/schema.js';
import { constant, fresh, op, ZERO, type Term } from '../solver/term.js';
import type { HeldLock, LockRef, Loc } from '../trace.js';
import { addCondition, canHold } from './branch.js';
import { hasBuiltin, runBuiltin } from './builtins.js';
import type { RunContext } from './context.js';
import { evalExpr, evalLValue, textOf, type Val } from './eval-expr.js';
import { evalCondition } from './exec-stmt.js';
import { labelOf } from './intrinsics.js';
import { acquire, assumeHeld, isHeld, lockAt, lockOf, release } from './locks.js';
import { applyEffect } from './model-effects.js';
import type { Path } from './path.js';
import { printExpr } from './print-expr.js';
import { record } from './record.js';
import { recordAssertion } from './assertions.js';

const parsed = new Map<string, Expr>();

export function modelExpr(text: string): Expr {
  let e = parsed.get(text);
  if (!e) {
    e = parseModelExpr(text);
    parsed.set(text, e);
  }
  return e;
}

export function applyModel(ctx: RunContext, path: Path, model: ApiModel, args: Term[], argExprs: Expr[], loc: Loc): Val[] {
  const texts = argExprs.map((a) => textOf(ctx, path, a));
  record(path, { kind: 'call', name: model.name, target: 'model' }, loc);
  if (model.assertion) return recordAssertion(ctx, path, model, args, argExprs, loc);
  const vars = new Map<string, Term>();
  paramsFor(model, args.length).forEach((p, i) => vars.set(p, args[i] ?? fresh(`${model.name}: ${p}`)));
  const depth = path.frames.length;
  path.frames.push({ fn: `model:${model.name}`, vars, types: new Map(), callSite: loc });
  // A model evaluated inside another model's strings (huge_pte_lock's
  // `huge_page_size(h) == PMD_SIZE`) must hand the outer call site back.
  const outer = path.overrideLoc;
  path.overrideLoc = outer ?? loc;
  const done = (p: Path) => { p.frames.length = depth; p.overrideLoc = outer; };
  try {
    for (const use of model.requires ?? []) checkRequired(ctx, path, model, use, loc);
    for (const use of model.asserts ?? []) assumeFromAssertion(ctx, path, model, use, loc);
    if (maySleep(ctx, path, model)) record(path, { kind: 'sleep', via: model.name }, loc);
    if (model.builtin && !hasBuiltin(model.builtin)) path.markIncomplete(`${model.name}() is modelled by ${model.builtin}, which the interpreter does not implement; its result is unknown`);
    // Locks held across the call but dropped inside it (hugetlb_wp's ptl) and
    // locks taken and dropped inside it (huge_pmd_share's i_mmap_rwsem) show
    // in the trace, so lock order and re-check rules see them.
    const out: Val[] = [];
    for (const dropped of applyLocks(ctx, [{ path, touched: [] }], model, model.reacquires, undefined, loc)) {
      for (const took of applyLocks(ctx, [{ path: dropped.path, touched: [] }], model, undefined, model.takes, loc)) {
        const results = model.builtin && hasBuiltin(model.builtin)
          ? runBuiltin(model.builtin, { ctx, path: took.path, args, texts }) ?? []
          : runCases(ctx, took.path, model, texts);
        for (const r of results) {
          r.path.frame.vars.set('ret', r.value);
          if (model.builtin) for (const eff of model.effects ?? []) applyEffect(ctx, r.path, model, eff, loc);
          releaseTaken(r.path, model, took.touched, loc);
          reacquire(r.path, model, dropped.touched, loc);
          const ends = model.builtin ? applyLocks(ctx, [{ path: r.path, touched: [] }], model, model.releases, model.acquires, loc).map((x) => x.path) : [r.path];
          for (const p of ends) {
            done(p);
            out.push({ path: p, value: r.value });
          }
        }
      }
    }
    return out;
  } catch (e) {
    done(path);
    throw e;
  }
}

function describeCall(model: ApiModel, texts: string[]): string {
  return `${model.name}(${texts.join(', ')})`;
}

/** One path per return case whose condition can hold, with its effects and locks. */
function runCases(ctx: RunContext, path: Path, model: ApiModel, texts: string[]): Val[] {
  const cases: ReturnCase[] = model.cases?.length ? model.cases : [{ value: model.returns === 'void' ? '0' : 'unknown' }];
  const out: Val[] = [];
  const many = cases.length > 1;
  for (let i = 0; i < cases.length; i++) {
    const c = cases[i];
    const start = i === cases.length - 1 ? path : path.fork();
    const holding = c.when ? evalCondition(ctx, start, modelExpr(c.when)).whenTrue : [start];
    for (const p of holding) {
      for (const { path: q, value } of caseValue(ctx, p, model, c)) {
        if (many && model.returns !== 'void') {
          const call = describeCall(model, texts);
          addCondition(q, op('eq', fresh(`${call} result`), value), `${call} returned ${c.value}`, c.means ? `${call} returned ${c.value}: ${c.means}` : undefined);
        }
        q.frame.vars.set('ret', value);
        for (const eff of [...(model.effects ?? []), ...(c.effects ?? [])]) applyEffect(ctx, q, model, eff, q.overrideLoc!);
        const locked = applyLocks(ctx, [{ path: q, touched: [] }], model, [...(model.releases ?? []), ...(c.releases ?? [])], [...(model.acquires ?? []), ...(c.acquires ?? [])], q.overrideLoc!);
        for (const l of locked) out.push({ path: l.path, value });
      }
    }
  }
  return out;
}

function caseValue(ctx: RunContext, path: Path, model: ApiModel, c: ReturnCase): Val[] {
  if (c.value === 'unknown') return [{ path, value: model.returns === 'void' ? ZERO : fresh(`${model.name}()`) }];
  if (c.value === 'fresh') return [{ path, value: fresh(`${model.name}() result`, 1n) }];
  return evalExpr(ctx, path, modelExpr(c.value));
}

type Touched = { lock: LockRef; mode: 'read' | 'write' }[];

interface LockedPath {
  path: Path;
  touched: Touched;
}

/**
 * The paths on which a lock use's `when` holds and does not: the condition is
 * decided by forking like any branch, so a disjunction such as "huge or
 * devmap or swap" splits the path instead of being half-evaluated.
 */
function splitOnWhen(ctx: RunContext, path: Path, use: LockUse): { yes: Path[]; no: Path[] } {
  if (!use.when) return { yes: [path], no: [] };
  const { whenTrue, whenFalse } = evalCondition(ctx, path, modelExpr(use.when));
  return { yes: whenTrue, no: whenFalse };
}

/** Applies releases then acquires on every path, splitting where a `when` is open; returns the locks each path touched. */
function applyLocks(ctx: RunContext, start: LockedPath[], model: ApiModel, releases: LockUse[] | undefined, acquires: LockUse[] | undefined, loc: Loc): LockedPath[] {
  let paths = start;
  for (const use of releases ?? []) {
    paths = paths.flatMap(({ path, touched }) => {
      const { yes, no } = splitOnWhen(ctx, path, use);
      return [...yes.map((p) => {
        const lock = resolveLock(ctx, p, use.lock);
        const was = release(p, lock);
        record(p, { kind: 'unlock', lock, mode: use.mode ?? 'write', via: model.name, wasHeld: !!was }, loc);
        return { path: p, touched: [...touched, { lock, mode: was?.mode ?? use.mode ?? 'write' }] };
      }), ...no.map((p) => ({ path: p, touched }))];
    });
  }
  for (const use of acquires ?? []) {
    paths = paths.flatMap(({ path, touched }) => {
      const { yes, no } = splitOnWhen(ctx, path, use);
      return [...yes.map((p) => {
        const lock = resolveLock(ctx, p, use.lock);
        if (model.takes?.length && p.held.some((h) => h.lock.key === lock.key && h.at === loc)) {
          // Taken for the call and kept on return (__pmd_trans_huge_lock returns the ptl held).
          p.kept.add(lock.key);
          return { path: p, touched };
        }
        record(p, { kind: 'lock', lock, mode: use.mode ?? 'write', via: model.name, alreadyHeld: !!isHeld(p, lock) }, loc);
        acquire(p, lock, use.mode ?? 'write', loc);
        return { path: p, touched: [...touched, { lock, mode: use.mode ?? 'write' }] };
      }), ...no.map((p) => ({ path: p, touched }))];
    });
  }
  return paths;
}

function releaseTaken(path: Path, model: ApiModel, taken: Touched, loc: Loc): void {
  for (const { lock, mode } of [...taken].reverse()) {
    if (path.kept.delete(lock.key)) continue;
    const was = release(path, lock);
    record(path, { kind: 'unlock', lock, mode, via: model.name, wasHeld: !!was }, loc);
  }
}

function reacquire(path: Path, model: ApiModel, dropped: Touched, loc: Loc): void {
  for (const { lock, mode } of dropped) {
    record(path, { kind: 'lock', lock, mode, via: model.name, alreadyHeld: !!isHeld(path, lock) }, loc);
    acquire(path, lock, mode, loc);
  }
}

/** Another kernel version's parameter list when the call has its number of arguments. */
function paramsFor(model: ApiModel, argc: number): string[] {
  if (model.params.length === argc || !model.altParams) return model.params;
  return model.altParams.find((p) => p.length === argc) ?? model.params;
}

/** `sleeps`, or `sleepsWhen` a condition on the arguments can hold (kmalloc with a blocking GFP mask). */
function maySleep(ctx: RunContext, path: Path, model: ApiModel): boolean {
  if (model.sleepsWhen) {
    const [v] = evalExpr(ctx, path.fork(), modelExpr(model.sleepsWhen));
    return !v || canHold(path, v.value);
  }
  return !!model.sleeps;
}

const parsedLocks = new Map<string, ReturnType<typeof parseLockExpr>>();

export function resolveLock(ctx: RunContext, path: Path, text: string): LockRef {
  let parsedLock = parsedLocks.get(text);
  if (!parsedLock) {
    parsedLock = parseLockExpr(text);
    parsedLocks.set(text, parsedLock);
  }
  const { cls, args } = parsedLock;
  if (args.length === 0) return lockOf(path, cls, undefined, cls);
  const [v] = evalExpr(ctx, path, args[0]);
  const value = v ? v.value : fresh(text);
  const argText = printExpr(args[0]);
  const callerText = ownerText(path, args[0], argText);
  if (['spin', 'mutex', 'rwsem', 'seq', 'rwlock', 'lock'].includes(cls)) return lockAt(path, value, cls, callerText);
  return lockOf(path, cls, value, labelOf(path, value, callerText));
}

/** Names a model parameter by the caller's argument text when the lock is on a parameter. */
function ownerText(path: Path, e: Expr, fallback: string): string {
  const frame = path.frame;
  const callerFrame = path.frames[path.frames.length - 2];
  if (e.kind === 'ident' && frame.fn.startsWith('model:') && callerFrame) {
    for (const [name, value] of callerFrame.vars) if (value === frame.vars.get(e.name)) return name;
  }
  return fallback;
}

function checkRequired(ctx: RunContext, path: Path, model: ApiModel, use: LockUse, loc: Loc): void {
  if (use.when && !evalCondition(ctx, path.fork(), modelExpr(use.when)).whenTrue.length) return;
  const options = [use, ...(use.alternatives ?? [])];
  let first: { lock: LockRef; held?: HeldLock } | undefined;
  for (const option of options) {
    const lock = resolveLock(ctx, path, option.lock);
    const held = isHeld(path, lock);
    const mode = option.anyMode ? 'any' : option.mode ?? 'write';
    const satisfied = !!held && (mode === 'any' || held.mode === mode || held.mode === 'write');
    first ??= { lock, held };
    if (satisfied) {
      record(path, { kind: 'requires', via: model.name, lock, mode, satisfied, heldMode: held?.mode }, loc);
      return;
    }
  }
  const mode = use.anyMode ? 'any' : use.mode ?? 'write';
  record(path, { kind: 'requires', via: model.name, lock: first!.lock, mode, satisfied: false, heldMode: first!.held?.mode }, loc);
}

function assumeFromAssertion(ctx: RunContext, path: Path, model: ApiModel, use: LockUse, loc: Loc): void {
  const lock = resolveLock(ctx, path, use.lock);
  const mode = use.mode ?? 'write';
  if (!isHeld(path, lock)) {
    assumeHeld(path, lock, mode, `${model.name}() asserts it`);
    record(path, { kind: 'assume-lock', via: model.name, lock, mode }, loc);
  }
}

