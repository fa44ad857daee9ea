/**
 * mm/lock-imbalance: a lock the function takes is held at return on some
 * paths but not on others, or a lock is released that is not held. Acquire
 * and release helpers are recognised and not flagged: a function annotated
 * __acquires/__releases, one whose model pairs it with a twin, one named like
 * a helper (_begin/_lock/_start/_get and their opposites), or a void function
 * whose lock depends only on a property of its arguments
 * (vma_pgtable_walk_begin takes the VMA lock only for hugetlb VMAs).
 */
import { getModel } from '../../../../simulator/src/models/index.js';
import type { Program } from '../../../../simulator/src/interp/context.js';
import type { HeldLock, Trace } from '../../../../simulator/src/trace.js';
import { conditionAt, dedupe, functionName, incompleteNote, onThePath, sourceAt } from './helpers.js';
import type { Check, RawFinding, RawFix } from './types.js';

const HELPER_NAME = /(_begin|_lock|_lock_read|_lock_write|_start|_get|_enter|_acquire|_end|_unlock|_unlock_read|_unlock_write|_finish|_put|_exit|_release)$/;

export function isLockHelper(program: Program, fnId: string): boolean {
  const fn = program.byId.get(fnId);
  if (!fn) return false;
  if (fn.ast.annotations.some((a) => a.kind === 'acquires' || a.kind === 'releases')) return true;
  if (getModel(fn.ast.name)?.pairsWith) return true;
  return HELPER_NAME.test(fn.ast.name);
}

/** Locks taken inside the function (not held on entry) and still held when the path returns. */
function acquiredHeldAtExit(trace: Trace): HeldLock[] {
  return trace.heldAtExit.filter((h) => !trace.heldAtEntry.some((e) => e.lock.key === h.lock.key));
}

const UNLOCK_FOR: Record<string, string> = {
  spin_lock: 'spin_unlock', spin_lock_irq: 'spin_unlock_irq', mutex_lock: 'mutex_unlock', down_read: 'up_read', down_write: 'up_write',
  rcu_read_lock: 'rcu_read_unlock', pmd_lock: 'spin_unlock', huge_pte_lock: 'spin_unlock', pud_lock: 'spin_unlock',
};

function unlockCall(program: Program, trace: Trace, h: HeldLock): string | undefined {
  const lockEvent = trace.events.find((e) => e.kind === 'lock' && e.lock.key === h.lock.key);
  if (!lockEvent || lockEvent.kind !== 'lock') return undefined;
  const call = sourceAt(program, lockEvent.loc);
  const m = /^(?:\w+\s*=\s*)?(\w+)\((.*)\)$/.exec(call);
  if (!m) return undefined;
  const [, name, args] = m;
  const lhs = /^(\w+)\s*=/.exec(call)?.[1];
  if (UNLOCK_FOR[name]) return `${UNLOCK_FOR[name]}(${lhs && name !== 'spin_lock' ? lhs : args})`;
  const unlock = name.replace(/_lock(_read|_write)?$/, '_unlock$1');
  return unlock !== name ? `${unlock}(${args})` : undefined;
}

export const lockImbalance: Check = {
  id: 'mm/lock-imbalance',
  defaultSeverity: 'warning',
  title: 'A lock is held at return on some paths but not others, or released when not held',
  enforces: 'R11 (callee-release contracts), kernel locking practice',
  run({ runs, program }) {
    const out: RawFinding[] = [];
    for (const run of runs) {
      const own = run.traces.filter((t) => t.end === 'return' || t.end === 'fallthrough');
      for (const trace of run.traces) {
        for (const e of trace.events) {
          if (e.kind !== 'unlock' || e.wasHeld) continue;
          out.push({ ruleId: this.id, severity: this.defaultSeverity, loc: e.loc, function: functionName(program, e.loc.fn),
            message: `${sourceAt(program, e.loc) || e.via} releases ${e.lock.label}, which is not held ${onThePath(conditionAt(trace, e))}.`,
            related: [], fixes: [], incomplete: incompleteNote(run, trace) });
        }
      }
      if (isLockHelper(program, run.functionId) || run.traces.some((t) => t.incomplete?.includes('not visible'))) continue;
      const keys = new Set(own.flatMap((t) => acquiredHeldAtExit(t).map((h) => h.lock.key)));
      for (const key of keys) {
        const holding = own.filter((t) => acquiredHeldAtExit(t).some((h) => h.lock.key === key));
        const releasing = own.filter((t) => !t.heldAtExit.some((h) => h.lock.key === key));
        if (holding.length === 0 || releasing.length === 0) continue;
        const fn = program.byId.get(run.functionId);
        if (fn?.ast.returnType.base === 'void' && fn.ast.returnType.pointer === 0) continue;
        for (const t of holding) {
          const ret = [...t.events].reverse().find((e) => e.kind === 'return' && e.loc.fn === run.functionId);
          const h = acquiredHeldAtExit(t).find((x) => x.lock.key === key)!;
          const loc = ret?.loc ?? h.at!;
          const unlock = unlockCall(program, t, h);
          const fixes: RawFix[] = unlock && ret && holding.every((o) => !releasing.some((r) => r.events.some((e) => e.kind === 'return' && e.loc.span.start === ret.loc.span.start)))
            ? [{ title: `Add ${unlock}; before this return`, edits: [{ loc: { fn: ret.loc.fn, span: { start: ret.loc.span.start, end: ret.loc.span.start } }, newText: `${unlock};\n\t` }] }]
            : [];
          out.push({ ruleId: this.id, severity: this.defaultSeverity, loc, function: functionName(program, run.functionId),
            message: `${functionName(program, run.functionId)} returns with ${h.lock.label} held ${onThePath(conditionAt(t, { pcLength: t.conditions.length }))}, but releases it on other paths.`,
            related: h.at ? [{ loc: h.at, message: `${h.lock.label} taken here` }] : [], fixes, incomplete: incompleteNote(run, t) });
        }
      }
    }
    return dedupe(out);
  },
};
