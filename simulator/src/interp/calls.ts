/**
 * Call dispatch. A function the patch (or kernel tree) defines completely is
 * executed in the caller's state; a modelled kernel API applies its model;
 * anything else returns an unconstrained value and is recorded as unknown.
 * A function the patch shows only partly is executed only when no model
 * describes it, since a model is a better account than a fragment.
 */
import type { Expr } from '../ast.js';
import { getModel } from '../models/index.js';
import { fresh, ZERO, type Term } from '../solver/term.js';
import type { Loc } from '../trace.js';
import { applyModel } from './apply-model.js';
import type { ProgramFunction, RunContext } from './context.js';
import { evalArgs, textOf, type Val } from './eval-expr.js';
import { execStmts } from './exec-stmt.js';
import { intrinsic } from './intrinsics.js';
import type { Path } from './path.js';
import { record } from './record.js';
import { printTerm } from '../solver/print.js';

export function callFunction(ctx: RunContext, path: Path, name: string, argExprs: Expr[], loc: Loc): Val[] {
  if (path.frame.fn.startsWith('model:')) {
    const v = intrinsic(ctx, path, name, argExprs);
    if (v) return v;
  }
  const fn = ctx.program.functions.get(name);
  const model = getModel(name);
  const useFunction = fn && fn.ast.body && (fn.complete || !model);
  const out: Val[] = [];
  for (const { path: p, values } of evalArgs(ctx, path, argExprs)) {
    if (useFunction && p.frames.length <= ctx.budgets.callDepth) out.push(...callPatchFunction(ctx, p, fn, values, loc));
    else if (model) out.push(...applyModel(ctx, p, model, values, argExprs, loc));
    else out.push(unknownCall(ctx, p, name, argExprs, loc));
  }
  return out;
}

function unknownCall(ctx: RunContext, path: Path, name: string, argExprs: Expr[], loc: Loc): Val {
  record(path, { kind: 'unknown-call', name }, loc);
  const args = argExprs.map((a) => textOf(ctx, path, a)).join(', ');
  return { path, value: fresh(`${name}(${args})`) };
}

/** Runs a patch function inline: a new frame with the arguments bound to its parameters. */
export function callPatchFunction(ctx: RunContext, path: Path, fn: ProgramFunction, args: Term[], loc: Loc): Val[] {
  record(path, { kind: 'call', name: fn.ast.name, target: 'patch' }, loc);
  const vars = new Map<string, Term>();
  const types = new Map(fn.ast.params.map((p) => [p.name, p.type] as const));
  fn.ast.params.forEach((param, i) => vars.set(param.name, args[i] ?? fresh(param.name)));
  const depth = path.frames.length;
  path.frames.push({ fn: fn.id, vars, types, callSite: loc });
  if (!fn.complete) path.markIncomplete(`only part of ${fn.ast.name} is visible`);
  const out: Val[] = [];
  for (const c of execStmts(ctx, path, fn.ast.body!.body)) {
    if (c.kind === 'stop') continue;
    if (c.kind === 'return') {
      const label = (id: number) => c.path.heap.get(id)?.label ?? `object ${id}`;
      record(c.path, { kind: 'return', value: c.value ? printTerm(c.value, label) : 'void' }, c.loc ?? loc);
    }
    c.path.frames.length = depth;
    if (c.kind === 'return' && c.value) out.push({ path: c.path, value: c.value });
    else out.push({ path: c.path, value: ZERO });
  }
  return out;
}
