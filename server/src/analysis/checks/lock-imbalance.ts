/**
 * mm/lock-imbalance: a lock the function takes is held at return on some
 * paths but released on others, or a lock the function takes is released
 * where it is not held.
 *
 * Acquire and release helpers are recognised from what they do, not only by
 * name. A function that never both takes and releases a lock on one path is
 * a helper for that lock (vma_pgtable_walk_begin takes the hugetlb VMA lock
 * only for hugetlb VMAs and leaves the release to its twin; a release twin
 * drops a lock its caller took), so it is not judged. A function that does
 * release the lock on some path is judged, unless it is annotated
 * (__acquires/__releases), paired by its model, or named like a lock helper
 * and tells its caller by its return value whether the lock is held (it
 * returns success with the lock and failure without it, like a trylock).
 * A function whose beginning is not visible is not judged either: the lock
 * may have been taken in the part the quote leaves out.
 */
import { getModel } from '../../../../simulator/src/models/index.js';
import type { Program } from '../../../../simulator/src/interp/context.js';
import type { RunResult } from '../../../../simulator/src/simulate.js';
import type { HeldLock, Trace } from '../../../../simulator/src/trace.js';
import { dedupe, functionName, incompleteNote, sourceAt } from './helpers.js';
import { onDivergentPath } from './path-text.js';
import type { Check, RawFinding, RawFix } from './types.js';

const HELPER_NAME = /(_begin|_lock|_lock_read|_lock_write|_trylock|_start|_get|_enter|_acquire|_end|_unlock|_unlock_read|_unlock_write|_finish|_put|_exit|_release)$/;

/** Explicitly a lock helper: annotated, or modelled with a twin. */
export function isLockHelper(program: Program, fnId: string): boolean {
  const fn = program.byId.get(fnId);
  if (!fn) return false;
  if (fn.ast.annotations.some((a) => a.kind === 'acquires' || a.kind === 'releases')) return true;
  return !!getModel(fn.ast.name)?.pairsWith;
}

/** Locks taken inside the function (not held on entry) and still held when the path returns. */
function acquiredHeldAtExit(trace: Trace): HeldLock[] {
  return trace.heldAtExit.filter((h) => !trace.heldAtEntry.some((e) => e.lock.key === h.lock.key));
}

/** Where a held lock was taken (the call that took it), or the lock itself when that is unknown. */
function siteOf(h: HeldLock): string {
  return h.at ? `${h.at.fn}|${h.at.span.start}|${h.at.span.end}` : `lock:${h.lock.key}`;
}

/**
 * The lock held at a return, in words: its label, or when the paths through
 * that return hold different locks taken at one place (huge_pte_lock() gives
 * the PMD ptl or page_table_lock), "the lock X took (A or B)".
 */
function lockWords(program: Program, holding: readonly Trace[], site: string, retStart: number | undefined): string {
  const held = holding
    .filter((t) => retStart === undefined || t.events.some((e) => e.kind === 'return' && e.loc.span.start === retStart))
    .flatMap((t) => acquiredHeldAtExit(t).filter((h) => siteOf(h) === site));
  const labels = [...new Set(held.map((h) => h.lock.label))];
  if (labels.length <= 1 || !held[0]?.at) return labels[0] ?? 'a lock';
  return `the lock ${sourceAt(program, held[0].at)} took (${labels.join(' or ')})`;
}

/** Whether the path takes a lock at that place. */
function takesAt(trace: Trace, site: string): boolean {
  return trace.events.some((e) => e.kind === 'lock' && (`${e.loc.fn}|${e.loc.span.start}|${e.loc.span.end}` === site || `lock:${e.lock.key}` === site));
}

/** Whether the path takes the lock, in the function or in a callee it runs. */
function takes(trace: Trace, key: string): boolean {
  return trace.events.some((e) => e.kind === 'lock' && e.lock.key === key);
}

/**
 * An unmodelled call that, by its name, releases something after the lock
 * was taken (thing_unlock_and_free(t)): it may well release this lock, so
 * the path is not judged.
 */
function unknownReleaseAfter(trace: Trace, key: string): boolean {
  const taken = trace.events.findIndex((e) => e.kind === 'lock' && e.lock.key === key);
  return taken >= 0 && trace.events.slice(taken).some((e) => e.kind === 'unknown-call' && /unlock|release/.test(e.name));
}

/** A return value a caller reads as failure: a negative errno, NULL or false. */
function failureReturn(program: Program, fnId: string, trace: Trace): boolean {
  const v = trace.returnValue;
  if (!v || v.t !== 'const') return false;
  const type = program.byId.get(fnId)?.ast.returnType;
  return v.v < 0n || (v.v === 0n && (!!type?.pointer || type?.base === 'bool'));
}

/**
 * A lock helper named so, whose return value tells the caller whether the
 * lock is held: success with the lock, failure without it.
 */
function returnTellsLockState(program: Program, fnId: string, holding: Trace[], others: Trace[]): boolean {
  const fn = program.byId.get(fnId)?.ast;
  // A pointer return makes the protocol unambiguous (the entry with its
  // lock, or NULL without), as for get_locked_pte(); an int one only
  // counts for a function named like a lock helper.
  if (!fn || (!HELPER_NAME.test(fn.name) && !fn.returnType.pointer)) return false;
  return holding.every((t) => !failureReturn(program, fnId, t)) && others.every((t) => failureReturn(program, fnId, t));
}

const UNLOCK_FOR: Record<string, string> = {
  spin_lock: 'spin_unlock', spin_lock_irq: 'spin_unlock_irq', spin_lock_bh: 'spin_unlock_bh', mutex_lock: 'mutex_unlock',
  down_read: 'up_read', down_write: 'up_write', rcu_read_lock: 'rcu_read_unlock', pmd_lock: 'spin_unlock', huge_pte_lock: 'spin_unlock',
  pud_lock: 'spin_unlock', read_lock: 'read_unlock', write_lock: 'write_unlock',
};

/** The call that releases what the lock event took, as the function would write it. */
function unlockCall(program: Program, trace: Trace, h: HeldLock): string | undefined {
  const lockEvent = trace.events.find((e) => e.kind === 'lock' && e.lock.key === h.lock.key);
  if (!lockEvent || lockEvent.kind !== 'lock') return undefined;
  const call = sourceAt(program, lockEvent.loc);
  const m = /^(?:(\w+)\s*=\s*)?(\w+)\((.*)\)$/.exec(call);
  if (!m) return undefined;
  const [, lhs, name, args] = m;
  if (UNLOCK_FOR[name]) return `${UNLOCK_FOR[name]}(${lhs && name !== 'spin_lock' ? lhs : args})`;
  const unlock = name.replace(/_lock(_read|_write)?$/, '_unlock$1');
  return unlock !== name ? `${unlock}(${args})` : undefined;
}

function notVisible(run: RunResult): boolean {
  return run.traces.some((t) => t.incomplete?.includes('not visible')) || run.incomplete.some((n) => n.includes('not visible'));
}

export const lockImbalance: Check = {
  id: 'mm/lock-imbalance',
  defaultSeverity: 'warning',
  title: 'A lock is held at return on some paths but not others, or released when not held',
  enforces: 'R11 (callee-release contracts), kernel locking practice',
  run({ runs, program }) {
    const out: RawFinding[] = [];
    for (const run of runs) {
      if (notVisible(run)) continue;
      const fnId = run.functionId;
      const name = functionName(program, fnId);
      const own = run.traces.filter((t) => t.end === 'return' || t.end === 'fallthrough');
      const takenHere = new Set(run.traces.flatMap((t) => t.events.flatMap((e) => (e.kind === 'lock' ? [e.lock.key] : []))));
      // A release of a lock that is not held, when this function is the one
      // that takes it: an unlock on a path that skipped the lock, or twice.
      for (const trace of run.traces) {
        for (const e of trace.events) {
          if (e.kind !== 'unlock' || e.wasHeld || !takenHere.has(e.lock.key)) continue;
          const taken = takes(trace, e.lock.key);
          const where = onDivergentPath(trace, run.traces.filter((t) => takes(t, e.lock.key)));
          out.push({ ruleId: this.id, severity: this.defaultSeverity, loc: e.loc, function: functionName(program, e.loc.fn),
            message: `${sourceAt(program, e.loc) || e.via} releases ${e.lock.label}, which is not held ${where}: ${taken ? 'it was already released on this path' : `${name} takes it only on other paths`}.`,
            related: [], fixes: [], incomplete: incompleteNote(run, trace) });
        }
      }
      if (isLockHelper(program, fnId)) continue;
      // Judged per place the lock is taken, not per lock: huge_pte_lock()
      // returns the PMD ptl on one path and page_table_lock on another, and
      // both are "the lock taken there".
      const sites = new Set(own.flatMap((t) => acquiredHeldAtExit(t).map(siteOf)));
      for (const site of sites) {
        const holding = own.filter((t) => acquiredHeldAtExit(t).some((h) => siteOf(h) === site && !unknownReleaseAfter(t, h.lock.key)));
        if (holding.length === 0) continue;
        const others = own.filter((t) => !acquiredHeldAtExit(t).some((h) => siteOf(h) === site));
        // Only a function that itself takes and releases the lock on some
        // path shows that it means to release it; otherwise it is an
        // acquire helper and its callers release the lock.
        if (!others.some((t) => takesAt(t, site))) continue;
        if (returnTellsLockState(program, fnId, holding, others)) continue;
        for (const t of holding) {
          const ret = [...t.events].reverse().find((e) => e.kind === 'return' && e.loc.fn === fnId);
          const h = acquiredHeldAtExit(t).find((x) => siteOf(x) === site)!;
          const loc = ret?.loc ?? h.at!;
          const retText = ret ? sourceAt(program, ret.loc) : '';
          const unlock = unlockCall(program, t, h);
          // Adding the unlock right before the return is only right when no
          // path that already released the lock goes through that return.
          const shared = ret && others.some((r) => r.events.some((e) => e.kind === 'return' && e.loc.fn === fnId && e.loc.span.start === ret.loc.span.start));
          const fixes: RawFix[] = unlock && ret && !shared
            ? [{ title: `Add ${unlock}; before this return`, edits: [{ loc: { fn: ret.loc.fn, span: { start: ret.loc.span.start, end: ret.loc.span.start } }, newText: `${unlock};\n\t` }] }]
            : [];
          const where = shared ? ` This return is also reached after the unlock on other paths, so the error path should jump to the label that releases the lock.` : '';
          out.push({ ruleId: this.id, severity: this.defaultSeverity, loc, function: name,
            message: `${name} returns${retText ? ` (${retText})` : ''} with ${lockWords(program, holding, site, ret?.loc.span.start)} still held ${onDivergentPath(t, others.filter((o) => takesAt(o, site)))}, but releases it before returning on its other paths.${where}`,
            related: h.at ? [{ loc: h.at, message: `${h.lock.label} taken here` }] : [], fixes, incomplete: incompleteNote(run, t) });
        }
      }
    }
    return dedupe(out);
  },
};
