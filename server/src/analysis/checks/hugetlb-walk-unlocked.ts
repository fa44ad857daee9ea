/**
 * mm/hugetlb-walk-unlocked: a hugetlb page-table walk (huge_pte_offset,
 * hugetlb_walk) on a VMA that may share PMD tables, without the hugetlb VMA
 * lock or i_mmap_rwsem held, or a use of the walked entry after both were
 * dropped. The pointer the walk returns points into a table that another
 * process can unshare and free (truncation, rmap unmap); the mmap read lock
 * alone does not prevent that, and neither does the ptl (R9).
 *
 * hugetlb_walk's model states its requirement only when the VMA has a
 * shareable lock, so a private VMA is not flagged; huge_pte_offset takes an
 * mm, not a VMA, so every call of it is held to the rule.
 */
import type { HeldLock, Trace, TraceEvent } from '../../../../simulator/src/trace.js';
import { dedupe, functionName, heldList, incompleteNote, sourceAt } from './helpers.js';
import { seenOn } from './pgtable-helpers.js';
import type { Check, RawFinding } from './types.js';

const WALKERS = new Set(['huge_pte_offset', 'hugetlb_walk']);
/** Calls that use a hugetlb entry pointer a walk returned. */
const ENTRY_USERS = /^(huge_pte_lock|huge_pte_lockptr|huge_ptep_\w+|set_huge_pte_at|huge_pte_clear|huge_pmd_unshare|hugetlb_pmd_shared)$/;

function keepsTableAlive(held: readonly HeldLock[]): boolean {
  return held.some((h) => h.lock.cls === 'hugetlb_vma_lock' || h.lock.cls === 'i_mmap_rwsem');
}

function holding(held: readonly HeldLock[]): string {
  return held.length === 0 ? 'with no lock held' : `holding only ${heldList(held)}`;
}

/** Whether this walk needs a lock: hugetlb_walk says so through its model's requirement on this path. */
function walkNeedsLock(trace: Trace, i: number): boolean {
  const call = trace.events[i] as TraceEvent & { kind: 'call' };
  if (call.name !== 'hugetlb_walk') return true;
  const rest = trace.events.slice(i + 1);
  const end = rest.findIndex((e) => e.kind === 'call' && e.loc === call.loc && e !== call && e.name !== 'huge_pte_offset');
  return rest.slice(0, end < 0 ? undefined : end).some((e) => e.kind === 'requires' && e.via === 'hugetlb_walk' && !e.satisfied);
}

export const hugetlbWalkUnlocked: Check = {
  id: 'mm/hugetlb-walk-unlocked',
  defaultSeverity: 'warning',
  title: 'A hugetlb page-table walk without the hugetlb VMA lock or i_mmap_rwsem',
  enforces: 'R9',
  run({ runs, program }) {
    const out: RawFinding[] = [];
    for (const run of runs) {
      if (run.scenario === 'anon-thp') continue;
      for (const trace of run.traces) {
        let walked: (TraceEvent & { kind: 'call' }) | undefined;
        trace.events.forEach((e, i) => {
          if (!e.loc) return;
          if (e.kind === 'call' && WALKERS.has(e.name)) {
            // huge_pte_offset inside the hugetlb_walk model is the same walk.
            if (e.name === 'huge_pte_offset' && walked?.name === 'hugetlb_walk' && walked.loc === e.loc) return;
            walked = e;
            if (keepsTableAlive(e.held) || !walkNeedsLock(trace, i)) return;
            out.push({ ruleId: this.id, severity: this.defaultSeverity, loc: e.loc, function: functionName(program, e.loc.fn),
              message: `${sourceAt(program, e.loc) || e.name} walks hugetlb page tables ${holding(e.held)}: on a VM_MAYSHARE VMA the PMD table it returns a pointer into can be unshared and freed by another process meanwhile; take hugetlb_vma_lock_read(vma) (or i_mmap_rwsem) before the walk and hold it until the last use of the pointer (R9). ${seenOn(run, trace, e)}`,
              related: [], fixes: [], incomplete: incompleteNote(run, trace) });
            return;
          }
          // A use of the walked entry after the lock that kept its table alive was dropped.
          if (e.kind === 'call' && walked && ENTRY_USERS.test(e.name) && keepsTableAlive(walked.held) && !keepsTableAlive(e.held)) {
            const release = [...trace.events.slice(0, i)].reverse().find((x) => x.kind === 'unlock' && (x.lock.cls === 'hugetlb_vma_lock' || x.lock.cls === 'i_mmap_rwsem'));
            out.push({ ruleId: this.id, severity: this.defaultSeverity, loc: e.loc, function: functionName(program, e.loc.fn),
              message: `${sourceAt(program, e.loc) || e.name} uses the entry from ${sourceAt(program, walked.loc) || walked.name} after ${release ? `${sourceAt(program, release.loc) || 'the unlock'} dropped the lock` : 'the lock was dropped'} that kept its PMD table from being unshared and freed; hold the hugetlb VMA lock (or i_mmap_rwsem) until the last use of the pointer (R9). ${seenOn(run, trace, e)}`,
              related: [{ loc: walked.loc, message: 'the walk, with the lock held' }, ...(release ? [{ loc: release.loc, message: 'the lock is dropped here, before the entry is used' }] : [])],
              fixes: [], incomplete: incompleteNote(run, trace) });
            // One finding per walk: the first use after the unlock is the one to move.
            walked = undefined;
          }
        });
      }
    }
    return dedupe(out);
  },
};
