/**
 * mm/lock-order: a lock taken while a lock that ranks after it in the mm
 * lock order is held (mm-facts §1.1: the hugetlb order is fault mutex ->
 * hugetlb VMA lock -> i_mmap_rwsem -> folio lock -> ptl), including the case
 * R10 names: blocking on the hugetlb VMA lock with i_mmap_rwsem held, where
 * only a trylock is allowed. Trylocks never wait, so they are not flagged;
 * taking a lock already held is.
 */
import { classInfo } from '../../../../simulator/src/interp/locks.js';
import { conditionAt, dedupe, functionName, heldRelated, incompleteNote, onThePath, sourceAt } from './helpers.js';
import type { Check, RawFinding } from './types.js';

/** Outermost first; equal ranks are not ordered against each other. */
const RANK: Record<string, number> = {
  i_rwsem: 10, mmap_lock: 20, invalidate_lock: 25, fault_mutex: 30, hugetlb_vma_lock: 40, vma_lock: 45,
  i_mmap_rwsem: 50, anon_vma_rwsem: 55, folio_lock: 60, ptl: 70, page_table_lock: 70, resv_map_lock: 80, spool_lock: 80, hugetlb_lock: 90,
};

export const lockOrder: Check = {
  id: 'mm/lock-order',
  defaultSeverity: 'error',
  title: 'A lock is taken against the documented mm lock order',
  enforces: 'mm-facts §1.1, R10, R11',
  run({ runs, program }) {
    const out: RawFinding[] = [];
    for (const run of runs) {
      for (const trace of run.traces) {
        for (const e of trace.events) {
          if (e.kind !== 'lock' || /trylock/.test(e.via)) continue;
          if (e.alreadyHeld && e.lock.cls !== 'rcu' && e.mode === 'write') {
            out.push({ ruleId: this.id, severity: this.defaultSeverity, loc: e.loc, function: functionName(program, e.loc.fn),
              message: `${sourceAt(program, e.loc) || e.via} takes ${e.lock.label}, which is already held ${onThePath(conditionAt(trace, e))}: a self-deadlock.`,
              related: heldRelated(e.held.filter((h) => h.lock.key === e.lock.key), e.loc), fixes: [], incomplete: incompleteNote(run, trace) });
            continue;
          }
          const rank = RANK[e.lock.cls];
          if (rank === undefined) continue;
          const inner = e.held.filter((h) => (RANK[h.lock.cls] ?? 0) > rank);
          if (inner.length === 0) continue;
          // A sleeping lock taken under spinlocks only is mm/sleep-in-atomic's
          // finding; saying it twice at one call adds nothing.
          if (e.lock.sleeps && inner.every((h) => classInfo(h.lock.cls).atomic)) continue;
          const r10 = e.lock.cls === 'hugetlb_vma_lock' && inner.some((h) => h.lock.cls === 'i_mmap_rwsem');
          out.push({ ruleId: this.id, severity: this.defaultSeverity, loc: e.loc, function: functionName(program, e.loc.fn),
            message: `${sourceAt(program, e.loc) || e.via} takes ${e.lock.label} while holding ${inner.map((h) => h.lock.label).join(', ')}, against the mm lock order (${e.lock.label} must be taken first)${r10 ? '; with i_mmap_rwsem held only hugetlb_vma_trylock_write() is allowed (R10)' : ''}. Seen ${onThePath(conditionAt(trace, e))}.`,
            related: heldRelated(inner, e.loc), fixes: [], incomplete: incompleteNote(run, trace) });
        }
      }
    }
    return dedupe(out);
  },
};
