/**
 * mm/hugetlb-walk-unlocked: a hugetlb page-table walk (huge_pte_offset,
 * hugetlb_walk) on a VMA that may share PMD tables, without the hugetlb VMA
 * lock or i_mmap_rwsem held. The returned pointer points into a table that
 * another process can unshare and free; the mmap read lock alone does not
 * prevent that (R9).
 */
import { conditionAt, dedupe, functionName, heldList, incompleteNote, onThePath, sourceAt } from './helpers.js';
import type { Check, RawFinding } from './types.js';

const WALKERS = new Set(['huge_pte_offset', 'hugetlb_walk']);

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
        for (const e of trace.events) {
          if (e.kind !== 'call' || !WALKERS.has(e.name)) continue;
          if (e.held.some((h) => h.lock.cls === 'hugetlb_vma_lock' || h.lock.cls === 'i_mmap_rwsem')) continue;
          out.push({ ruleId: this.id, severity: this.defaultSeverity, loc: e.loc, function: functionName(program, e.loc.fn),
            message: `${sourceAt(program, e.loc) || e.name} walks hugetlb page tables with ${heldList(e.held)}: on a VM_MAYSHARE VMA the PMD table can be unshared and freed under the walker; hold hugetlb_vma_lock_read() (or i_mmap_rwsem) until the last use of the pointer. Seen ${onThePath(conditionAt(trace, e))}.`,
            related: [], fixes: [], incomplete: incompleteNote(run, trace) });
        }
      }
    }
    return dedupe(out);
  },
};
