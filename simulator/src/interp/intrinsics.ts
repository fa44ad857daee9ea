/**
 * The intrinsics of model strings: table(), lower(), mm_of(), mapping_of(),
 * pud_of(), pmd_of(), old() and the lock constructors used as values (a model
 * that returns a lock pointer, like pmd_lock, returns `ptl(table(pmd))`).
 * They only exist inside model expressions, never in patch code.
 */
import type { Expr } from '../ast.js';
import { isLockClass } from '../models/expr-parser.js';
import { addr, type Term } from '../solver/term.js';
import type { RunContext } from './context.js';
import { evalExpr, textOf, type Val } from './eval-expr.js';
import { lockAt, lockOf } from './locks.js';
import type { Path } from './path.js';
import { entryPointer, lowerTableOf, tableOf } from './pagetables.js';
import { objectAt } from './memory.js';

export function intrinsic(ctx: RunContext, path: Path, name: string, args: Expr[]): Val[] | undefined {
  switch (name) {
    case 'table': return one(ctx, path, args[0], (p, v, t) => addr(tableOf(p, v, t).id));
    case 'lower': return one(ctx, path, args[0], (p, v, t) => addr(lowerTableOf(p, v, t).id));
    case 'mm_of': return one(ctx, path, args[0], (p, v, t) => p.heap.readField(objectAt(p, v, t).id, 'vm_mm', `${t}->vm_mm`, true));
    case 'mapping_of': return one(ctx, path, args[0], (p, v, t) => mappingOf(p, v, t));
    case 'old': return args[0] ? evalExpr(ctx, path, args[0]) : undefined;
    case 'pud_of': case 'pmd_of': {
      const level = name === 'pud_of' ? 'pud' : 'pmd';
      return evalExpr(ctx, path, args[0]).flatMap(({ path: p, value: mm }) =>
        evalExpr(ctx, p, args[1]).map(({ path: q, value: a }) => ({ path: q, value: entryPointer(q, mm, a, level, textOf(ctx, q, args[0])) })));
    }
  }
  if (isLockClass(name)) return lockValue(ctx, path, name, args);
  return undefined;
}

function one(ctx: RunContext, path: Path, arg: Expr | undefined, f: (p: Path, v: Term, text: string) => Term): Val[] | undefined {
  if (!arg) return undefined;
  const text = textOf(ctx, path, arg);
  return evalExpr(ctx, path, arg).map(({ path: p, value }) => ({ path: p, value: f(p, value, text) }));
}

/** vma->vm_file->f_mapping, read through the heap so code that follows the fields sees the same object. */
export function mappingOf(path: Path, vma: Term, text: string): Term {
  const v = objectAt(path, vma, text);
  const file = path.heap.readField(v.id, 'vm_file', `${text}->vm_file`, true);
  const f = objectAt(path, file, `${text}->vm_file`);
  return path.heap.readField(f.id, 'f_mapping', `${text}->vm_file->f_mapping`, true);
}

/** A lock constructor used as a value: the address of the lock object. */
function lockValue(ctx: RunContext, path: Path, cls: string, args: Expr[]): Val[] {
  if (args.length === 0) return [{ path, value: addr(lockOf(path, cls, undefined, cls).obj) }];
  const text = textOf(ctx, path, args[0]);
  return evalExpr(ctx, path, args[0]).map(({ path: p, value }) => {
    const byPointer = ['spin', 'mutex', 'rwsem', 'seq', 'rwlock', 'lock'].includes(cls);
    const lock = byPointer ? lockAt(p, value, cls, text) : lockOf(p, cls, value, labelOf(p, value, text));
    return { path: p, value: addr(lock.obj) };
  });
}

export function labelOf(path: Path, value: Term, text: string): string {
  if (value.t === 'addr') {
    const obj = path.heap.get(value.obj);
    if (obj) return obj.label;
  }
  return text;
}
