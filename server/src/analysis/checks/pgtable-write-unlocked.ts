/**
 * mm/pgtable-write-unlocked: a page-table entry written without the lock its
 * level and sharing state require (mm-facts R1, R15). A PTE or PMD entry
 * needs the ptl of the table holding it (or page_table_lock without split
 * ptls). A PUD entry needs mm->page_table_lock; and when it points to a PMD
 * table that may be shared, clearing it needs i_mmap_rwsem held for write,
 * which is what excludes huge_pmd_share() from re-sharing the table.
 */
import type { HeldLock, TraceEvent } from '../../../../simulator/src/trace.js';
import { conditionAt, dedupe, functionName, heldList, heldRelated, incompleteNote, onThePath, scenarioNote, sourceAt } from './helpers.js';
import type { Check, RawFinding } from './types.js';

type WriteEvent = TraceEvent & { kind: 'write-entry' };

function holds(held: readonly HeldLock[], cls: string, mode?: 'write'): boolean {
  return held.some((h) => h.lock.cls === cls && (!mode || h.mode === 'write'));
}

/** What is missing for this write, or undefined when the locks held are enough. */
export function missingLock(e: WriteEvent): string | undefined {
  const level = e.level;
  if (level === 'pud' || level === 'pgd' || level === 'p4d') {
    if (e.maySharedLower) {
      if (holds(e.held, 'i_mmap_rwsem', 'write')) return undefined;
      return 'i_mmap_rwsem held for write, which excludes re-sharing of the PMD table (R1)';
    }
    if (holds(e.held, 'page_table_lock') || holds(e.held, 'mmap_lock', 'write') || holds(e.held, 'i_mmap_rwsem', 'write')) return undefined;
    return 'mm->page_table_lock (R15: PUD entries are protected by the mm-wide lock)';
  }
  const ownPtl = e.held.some((h) => h.lock.cls === 'ptl' && h.lock.key === `ptl(#${e.table})`);
  if (ownPtl || holds(e.held, 'page_table_lock')) return undefined;
  const otherPtl = e.held.find((h) => h.lock.cls === 'ptl');
  return otherPtl
    ? `the ptl of ${e.tableLabel}; the lock held is ${otherPtl.lock.label} (R15)`
    : `the ptl of ${e.tableLabel} (R15)`;
}

export const pgtableWriteUnlocked: Check = {
  id: 'mm/pgtable-write-unlocked',
  defaultSeverity: 'warning',
  title: 'A page-table entry is written without the lock its level and sharing state require',
  enforces: 'R1, R15, R16',
  run({ runs, program }) {
    const out: RawFinding[] = [];
    for (const run of runs) {
      for (const trace of run.traces) {
        for (const e of trace.events) {
          if (e.kind !== 'write-entry' || e.value === 'modified' && e.level === 'pte' && e.via.startsWith('*')) continue;
          const missing = missingLock(e);
          if (!missing) continue;
          const what = sourceAt(program, e.loc) || `${e.via}()`;
          const shared = e.maySharedLower ? ' of a PMD table that may be shared by other mms' : '';
          out.push({
            ruleId: this.id, severity: this.defaultSeverity, loc: e.loc, function: functionName(program, e.loc.fn),
            message: `${what} clears the ${e.level.toUpperCase()} entry${shared} with ${heldList(e.held)}; it needs ${missing}. Seen ${onThePath(conditionAt(trace, e))}${scenarioNote(run)}.`,
            related: heldRelated(e.held, e.loc),
            fixes: [],
            incomplete: incompleteNote(run, trace),
          });
        }
      }
    }
    return dedupe(out);
  },
};
