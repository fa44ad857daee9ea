/**
 * Statement execution: blocks with goto, if/else, switch, loops, return.
 * Every statement returns the list of ways it can complete; a path that
 * jumps (return, break, continue, goto) carries that out to whoever handles it.
 */
import type { Expr, Stmt } from '../ast.js';
import { constant, fresh, op, type Term } from '../solver/term.js';
import { branch } from './branch.js';
import type { RunContext } from './context.js';
import { conditionText, evalExpr, locOf, noteNullCheck, textOf, type Val } from './eval-expr.js';
import { generalizeLoopState } from './loops.js';
import type { Path } from './path.js';
import type { Loc } from '../trace.js';
import { record } from './record.js';

export type Completion =
  | { path: Path; kind: 'normal' }
  | { path: Path; kind: 'return'; value?: Term; text?: string; loc?: Loc }
  | { path: Path; kind: 'break' }
  | { path: Path; kind: 'continue' }
  | { path: Path; kind: 'goto'; label: string }
  | { path: Path; kind: 'stop' };

const MAX_GOTO_VISITS = 3;

export function execStmt(ctx: RunContext, path: Path, s: Stmt): Completion[] {
  ctx.tick();
  switch (s.kind) {
    case 'block': return execBlock(ctx, path, s);
    case 'expr': return evalExpr(ctx, path, s.expr).map((v) => ({ path: v.path, kind: 'normal' as const }));
    case 'decl': return execDecl(ctx, path, s);
    case 'if': return execIf(ctx, path, s);
    case 'return': return execReturn(ctx, path, s);
    case 'break': return [{ path, kind: 'break' }];
    case 'continue': return [{ path, kind: 'continue' }];
    case 'goto': return [{ path, kind: 'goto', label: s.label }];
    case 'while': return runLoop(ctx, path, s, s.test, s.body, undefined, false);
    case 'do': return runLoop(ctx, path, s, s.test, s.body, undefined, true);
    case 'for': return execFor(ctx, path, s);
    case 'foreach': return execForeach(ctx, path, s);
    case 'switch': return execSwitch(ctx, path, s);
    case 'gap':
      record(path, { kind: 'gap', reason: s.reason }, locOf(path, s));
      path.markIncomplete(`part of ${path.frame.fn.split(':').pop()} is not visible (${s.reason})`);
      return [{ path, kind: 'normal' }];
    case 'unknown':
      path.markIncomplete(`could not interpret "${s.text.slice(0, 40)}"`);
      return [{ path, kind: 'normal' }];
    case 'label': case 'case': case 'empty': return [{ path, kind: 'normal' }];
  }
}

/**
 * A nested block that opens with a gap stands for code whose head the quote
 * hides (the frontend balanced a `}` it saw with a synthetic `{`): the hidden
 * head may be a condition, so the path both enters the block and skips it.
 */
function execBlock(ctx: RunContext, path: Path, s: Stmt & { kind: 'block' }): Completion[] {
  const hiddenHead = s.body[0]?.kind === 'gap' && path.frames.length > 0 && s !== ctx.program.byId.get(path.frame.fn)?.ast.body;
  if (!hiddenHead || !ctx.allowFork()) return execStmts(ctx, path, s.body);
  const skipped = path.fork();
  record(skipped, { kind: 'gap', reason: (s.body[0] as Stmt & { kind: 'gap' }).reason }, locOf(skipped, s.body[0]));
  return [...execStmts(ctx, path, s.body), { path: skipped, kind: 'normal' as const }];
}

/** Runs a statement list; gotos to labels in this list continue here. */
export function execStmts(ctx: RunContext, path: Path, stmts: Stmt[], from = 0): Completion[] {
  const labels = new Map<string, number>();
  stmts.forEach((s, i) => { if (s.kind === 'label') labels.set(s.name, i); });
  const out: Completion[] = [];
  const work: { path: Path; index: number }[] = [{ path, index: from }];
  while (work.length) {
    const { path: p, index } = work.pop()!;
    if (index >= stmts.length) { out.push({ path: p, kind: 'normal' }); continue; }
    for (const c of execStmt(ctx, p, stmts[index])) {
      if (c.kind === 'normal') work.push({ path: c.path, index: index + 1 });
      else if (c.kind === 'goto' && labels.has(c.label)) {
        const visits = (c.path.gotoCounts.get(c.label) ?? 0) + 1;
        c.path.gotoCounts.set(c.label, visits);
        if (visits > MAX_GOTO_VISITS) {
          c.path.markIncomplete(`goto ${c.label} repeated more than ${MAX_GOTO_VISITS} times; the path was cut`);
          out.push({ path: c.path, kind: 'stop' });
          ctx.finish(c.path, { end: 'budget' });
        } else work.push({ path: c.path, index: labels.get(c.label)! });
      } else out.push(c);
    }
  }
  return out;
}

/** A statement expression ({ ...; value; }): its value is the last expression statement's. */
export function execBlockForValue(ctx: RunContext, path: Path, body: Stmt[]): Val[] {
  const last = body[body.length - 1];
  if (!last || last.kind !== 'expr') {
    return execStmts(ctx, path, body).filter((c) => c.kind === 'normal').map((c) => ({ path: c.path, value: fresh('({...})') }));
  }
  return execStmts(ctx, path, body.slice(0, -1))
    .filter((c) => c.kind === 'normal')
    .flatMap((c) => evalExpr(ctx, c.path, last.expr));
}

function execDecl(ctx: RunContext, path: Path, s: Stmt & { kind: 'decl' }): Completion[] {
  let current: Path[] = [path];
  for (const d of s.decls) {
    const next: Path[] = [];
    for (const p of current) {
      p.frame.types.set(d.name, d.type);
      if (!d.init) {
        p.frame.vars.set(d.name, fresh(`${d.name} (uninitialised)`));
        next.push(p);
        continue;
      }
      for (const v of evalExpr(ctx, p, d.init)) {
        v.path.frame.vars.set(d.name, v.value);
        next.push(v.path);
      }
    }
    current = next;
  }
  return current.map((p) => ({ path: p, kind: 'normal' as const }));
}

/**
 * The paths on which a condition holds and fails. `&&`, `||` and `!` are
 * decided operand by operand, so each path's condition reads as the tests
 * that really decided it ("!is_swap_pmd(*pmd) && pmd_devmap(*pmd)"), not as
 * the whole expression next to its own parts.
 */
export function evalCondition(ctx: RunContext, path: Path, test: Expr): { whenTrue: Path[]; whenFalse: Path[] } {
  if (test.kind === 'binary' && (test.op === '&&' || test.op === '||')) {
    const left = evalCondition(ctx, path, test.left);
    const undecided = test.op === '&&' ? left.whenTrue : left.whenFalse;
    const rights = undecided.map((p) => evalCondition(ctx, p, test.right));
    const rTrue = rights.flatMap((r) => r.whenTrue);
    const rFalse = rights.flatMap((r) => r.whenFalse);
    return test.op === '&&'
      ? { whenTrue: rTrue, whenFalse: [...left.whenFalse, ...rFalse] }
      : { whenTrue: [...left.whenTrue, ...rTrue], whenFalse: rFalse };
  }
  if (test.kind === 'unary' && test.op === '!' && test.arg.kind !== 'ident' && test.arg.kind !== 'member') {
    const inner = evalCondition(ctx, path, test.arg);
    return { whenTrue: inner.whenFalse, whenFalse: inner.whenTrue };
  }
  const whenTrue: Path[] = [];
  const whenFalse: Path[] = [];
  for (const { path: p, value } of evalExpr(ctx, path, test)) {
    noteNullCheck(ctx, p, test, value);
    const b = branch(ctx, p, value, conditionText(ctx, p, test), locOf(p, test));
    if (b.whenTrue) whenTrue.push(b.whenTrue);
    if (b.whenFalse) whenFalse.push(b.whenFalse);
  }
  return { whenTrue, whenFalse };
}

function execIf(ctx: RunContext, path: Path, s: Stmt & { kind: 'if' }): Completion[] {
  const { whenTrue, whenFalse } = evalCondition(ctx, path, s.test);
  return [
    ...whenTrue.flatMap((p) => execStmt(ctx, p, s.then)),
    ...whenFalse.flatMap((p) => (s.otherwise ? execStmt(ctx, p, s.otherwise) : [{ path: p, kind: 'normal' as const }])),
  ];
}

function execReturn(ctx: RunContext, path: Path, s: Stmt & { kind: 'return' }): Completion[] {
  const loc = locOf(path, s);
  if (!s.value) return [{ path, kind: 'return', loc }];
  const text = textOf(ctx, path, s.value);
  return evalExpr(ctx, path, s.value).map((v) => ({ path: v.path, kind: 'return' as const, value: v.value, text, loc }));
}

function execFor(ctx: RunContext, path: Path, s: Stmt & { kind: 'for' }): Completion[] {
  const init = s.init ? execStmt(ctx, path, s.init) : [{ path, kind: 'normal' as const }];
  return init.flatMap((c) => (c.kind === 'normal' ? runLoop(ctx, c.path, s, s.test, s.body, s.update, false) : [c]));
}

/** An iterator macro: the cursor is a new unknown entry each time, and whether there is one is unknown. */
function execForeach(ctx: RunContext, path: Path, s: Stmt & { kind: 'foreach' }): Completion[] {
  const cursor = s.args[0]?.kind === 'ident' ? s.args[0].name : undefined;
  // The loop test reads as the macro head ("for_each_node_state(nid, N_MEMORY)"),
  // not as the whole statement with its body, in path conditions.
  const head = { start: s.span.start, end: Math.max(s.span.start, s.body.span.start) };
  const more: Expr = { kind: 'call', callee: `__more_${s.macro}`, calleeSpan: head, args: [], span: head };
  const advance = (p: Path) => {
    if (cursor) p.frame.vars.set(cursor, fresh(`${cursor} (an entry of ${s.macro})`, 1n));
  };
  advance(path);
  return runLoop(ctx, path, s, more, s.body, undefined, false, advance);
}

function execSwitch(ctx: RunContext, path: Path, s: Stmt & { kind: 'switch' }): Completion[] {
  const body = s.body.kind === 'block' ? s.body.body : [s.body];
  const out: Completion[] = [];
  for (const { path: p, value } of evalExpr(ctx, path, s.test)) {
    const caseValues: { index: number; value?: Term; text: string }[] = [];
    body.forEach((st, i) => {
      if (st.kind === 'case') caseValues.push({ index: i, value: st.value ? caseConstant(ctx, p, st.value) : undefined, text: st.value ? textOf(ctx, p, st.value) : 'default' });
    });
    let rest: Path | undefined = p;
    const testText = textOf(ctx, p, s.test);
    for (const c of caseValues.filter((c) => c.value)) {
      if (!rest) break;
      const b = branch(ctx, rest, op('eq', value, c.value!), { text: `${testText} == ${c.text}`, negatedText: `${testText} != ${c.text}` }, locOf(rest, s.test));
      if (b.whenTrue) out.push(...finishSwitchArm(execStmts(ctx, b.whenTrue, body, c.index + 1)));
      rest = b.whenFalse;
    }
    const dflt = caseValues.find((c) => !c.value);
    if (rest) out.push(...(dflt ? finishSwitchArm(execStmts(ctx, rest, body, dflt.index + 1)) : [{ path: rest, kind: 'normal' as const }]));
  }
  return out;
}

function caseConstant(ctx: RunContext, path: Path, e: Expr): Term {
  const [v] = evalExpr(ctx, path, e);
  return v ? v.value : constant(0);
}

function finishSwitchArm(cs: Completion[]): Completion[] {
  return cs.map((c) => (c.kind === 'break' ? { path: c.path, kind: 'normal' as const } : c));
}

/**
 * A loop: `unroll` iterations run concretely (forking on the test each time);
 * then the state is generalised (induction variables become start + step * N
 * for an unknown N, anything else that changed becomes unknown) and the body
 * runs once more, which stands for every later iteration.
 */
function runLoop(ctx: RunContext, path: Path, s: Stmt, test: Expr | undefined, body: Stmt, update: Expr | undefined,
  isDo: boolean, advance?: (p: Path) => void): Completion[] {
  const key = `${path.frame.fn}:${s.span.start}`;
  const out: Completion[] = [];
  let active: Path[] = [path];
  const runBody = (p: Path, next: Path[]) => {
    for (const c of execStmt(ctx, p, body)) {
      if (c.kind === 'normal' || c.kind === 'continue') {
        const after = update ? evalExpr(ctx, c.path, update).map((v) => v.path) : [c.path];
        for (const a of after) { advance?.(a); next.push(a); }
      } else if (c.kind === 'break') out.push({ path: c.path, kind: 'normal' });
      else out.push(c);
    }
  };
  const testPaths = (p: Path, first: boolean) =>
    (!test || (isDo && first)) ? { whenTrue: [p], whenFalse: [] as Path[] } : evalCondition(ctx, p, test);
  for (let iter = 0; iter < ctx.budgets.unroll; iter++) {
    const next: Path[] = [];
    for (const p of active) {
      const heads = p.loopHeads.get(key) ?? [];
      p.loopHeads.set(key, [...heads, new Map(p.frame.vars)]);
      const { whenTrue, whenFalse } = testPaths(p, iter === 0);
      for (const f of whenFalse) out.push({ path: f, kind: 'normal' });
      for (const t of whenTrue) runBody(t, next);
    }
    active = next;
  }
  for (const p of active) {
    generalizeLoopState(ctx, p, key, s);
    const { whenTrue, whenFalse } = testPaths(p, false);
    for (const f of whenFalse) out.push({ path: f, kind: 'normal' });
    const after: Path[] = [];
    for (const t of whenTrue) runBody(t, after);
    for (const a of after) {
      for (const f of (test ? evalCondition(ctx, a, test).whenFalse : [a])) out.push({ path: f, kind: 'normal' });
    }
  }
  for (const c of out) c.path.loopHeads.delete(key);
  return out;
}
