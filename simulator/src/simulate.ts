/**
 * Runs one function of a program in one scenario and calling context, and
 * returns every path's trace. This is the simulator's entry point; the
 * analysis core decides which runs to make.
 */
import type { FunctionAst } from './ast.js';
import type { EntryContext } from './contexts.js';
import { modelExpr, resolveLock } from './interp/apply-model.js';
import { BudgetExceeded, DEFAULT_BUDGETS, RunContext, type Budgets, type Program, type ProgramFunction } from './interp/context.js';
import { evalExpr } from './interp/eval-expr.js';
import { execStmts } from './interp/exec-stmt.js';
import { assumeHeld } from './interp/locks.js';
import { newTable } from './interp/pagetables.js';
import { Path } from './interp/path.js';
import { record } from './interp/record.js';
import type { Scenario } from './scenarios/types.js';
import { addr, fresh, type Term } from './solver/term.js';
import type { Trace } from './trace.js';
import { printTerm } from './solver/print.js';

export interface RunResult {
  functionId: string;
  function: string;
  scenario: string;
  context: string;
  contextDescription: string;
  traces: Trace[];
  /** Page-table picture before the run, and after each trace (by trace id). */
  before: string[];
  after: Map<number, string[]>;
  incomplete: string[];
  steps: number;
  paths: number;
  budgetHit?: 'steps' | 'paths';
}

const ENTRY_TYPES = /^(pgd|p4d|pud|pmd|pte)_t$/;

/** An unconstrained value for each parameter; entry pointers point into a table of their level. */
function bindDefaultParams(path: Path, fn: FunctionAst): void {
  for (const p of fn.params) {
    const base = p.type.base.replace(/^const\s+/, '');
    const level = ENTRY_TYPES.exec(base)?.[1];
    let value: Term;
    if (level && p.type.pointer === 1) {
      const table = newTable(path, level === 'p4d' ? 'pgd' : (level as 'pgd' | 'pud' | 'pmd' | 'pte'), `the ${level.toUpperCase()} table holding ${p.name}`);
      value = addr(table.id, fresh(`the index of ${p.name}`, 0n, 511n));
    } else {
      const unsigned = p.type.pointer > 0 || /unsigned|size_t|pgoff_t|^u\d+|bool/.test(base);
      value = fresh(p.name, unsigned ? 0n : undefined);
    }
    path.frame.vars.set(p.name, value);
    path.frame.types.set(p.name, p.type);
  }
}

function applyContext(ctx: RunContext, path: Path, context: EntryContext): void {
  path.frames.push({ fn: `model:context`, vars: path.frame.vars, types: path.frame.types });
  try {
    for (const [name, expr] of Object.entries(context.locals ?? {})) {
      const [v] = evalExpr(ctx, path, modelExpr(expr));
      if (v) path.frames[0].vars.set(name, v.value);
    }
    for (const h of context.held) assumeHeld(path, resolveLock(ctx, path, h.lock), h.mode, h.why);
  } finally {
    path.frames.pop();
  }
}

export function runFunction(program: Program, fn: ProgramFunction, scenario: Scenario, context: EntryContext, budgets: Partial<Budgets> = {}): RunResult {
  const ctx = new RunContext(program, { ...DEFAULT_BUDGETS, ...budgets });
  const path = new Path();
  path.frames.push({ fn: fn.id, vars: new Map(), types: new Map() });
  bindDefaultParams(path, fn.ast);
  scenario.setup(ctx, path, fn.ast);
  applyContext(ctx, path, context);
  const before = scenario.picture?.(path) ?? [];
  const after = new Map<number, string[]>();
  const finishTop = (p: Path, end: Trace['end'], value?: Term, text?: string) => {
    const id = ctx.finished.length;
    ctx.finish(p, { end, returnValue: value, returnText: text });
    if (scenario.picture) after.set(id, scenario.picture(p));
  };
  try {
    if (fn.ast.body) {
      for (const c of execStmts(ctx, path, fn.ast.body.body)) {
        if (c.kind === 'return') {
          const label = (id: number) => c.path.heap.get(id)?.label ?? `object ${id}`;
          record(c.path, { kind: 'return', value: c.value ? printTerm(c.value, label) : 'void' }, c.loc ?? { fn: fn.id, span: fn.ast.body.span });
          finishTop(c.path, 'return', c.value, c.text);
        } else if (c.kind !== 'stop') finishTop(c.path, fn.complete ? 'fallthrough' : 'gap');
      }
    }
  } catch (e) {
    if (!(e instanceof BudgetExceeded)) throw e;
    ctx.notes.add(`the ${e.which} budget (${ctx.budgets[e.which]}) was exhausted; paths not finished by then are missing`);
  }
  const incomplete = [...ctx.notes];
  if (ctx.budgetHit === 'paths') incomplete.push(`the path budget (${ctx.budgets.paths}) was reached`);
  for (const t of ctx.finished) if (t.incomplete && !incomplete.includes(t.incomplete)) incomplete.push(t.incomplete);
  return {
    functionId: fn.id, function: fn.ast.name, scenario: scenario.name, context: context.name, contextDescription: context.description,
    traces: ctx.finished, before, after, incomplete, steps: ctx.steps, paths: ctx.finished.length, budgetHit: ctx.budgetHit,
  };
}

