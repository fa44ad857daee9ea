/**
 * mm/pgtable-write-unlocked: a page-table entry written without the lock its
 * level and sharing state require (mm-facts R1, R15). A PTE or PMD entry
 * needs the ptl of the table holding it (or page_table_lock without split
 * ptls). A PUD entry needs mm->page_table_lock; and when it points to a PMD
 * table that may be shared, clearing it needs i_mmap_rwsem held for write,
 * which is what excludes huge_pmd_share() from re-sharing the table.
 */
import type { HeldLock, Loc, Trace, TraceEvent } from '../../../../simulator/src/trace.js';
import { dedupe, functionName, heldList, heldRelated, incompleteNote, sourceAt } from './helpers.js';
import { fromScenario, seenOn } from './pgtable-helpers.js';
import type { Check, RawFinding } from './types.js';

type WriteEvent = TraceEvent & { kind: 'write-entry' };

function holds(held: readonly HeldLock[], cls: string, mode?: 'write'): boolean {
  return held.some((h) => h.lock.cls === cls && (!mode || h.mode === 'write'));
}

/** What is missing for a write, as a lock class (to find it later on the path) and in words. */
interface Missing {
  cls: string;
  key?: string;
  text: string;
}

/** What is missing for this write, or undefined when the locks held are enough. */
export function missingLock(e: WriteEvent): Missing | undefined {
  const level = e.level;
  if (level === 'pud' || level === 'pgd' || level === 'p4d') {
    // Only clearing the link to a shared table needs i_mmap_rwsem for write
    // (R1); populating a PUD (pud_populate, huge_pmd_share) is done under the
    // mm's page_table_lock (R3), like any other PUD write.
    if (e.maySharedLower && e.value === 'none') {
      if (holds(e.held, 'i_mmap_rwsem', 'write')) return undefined;
      return { cls: 'i_mmap_rwsem', text: 'i_mmap_rwsem held for write, which excludes re-sharing of the PMD table (R1)' };
    }
    if (holds(e.held, 'page_table_lock') || holds(e.held, 'mmap_lock', 'write') || holds(e.held, 'i_mmap_rwsem', 'write')) return undefined;
    return { cls: 'page_table_lock', text: 'mm->page_table_lock (R15: PUD entries are protected by the mm-wide lock)' };
  }
  const key = `ptl(#${e.table})`;
  const ownPtl = e.held.some((h) => h.lock.cls === 'ptl' && h.lock.key === key);
  if (ownPtl || holds(e.held, 'page_table_lock')) return undefined;
  const otherPtl = e.held.find((h) => h.lock.cls === 'ptl');
  return otherPtl
    ? { cls: 'ptl', key, text: `the ptl of ${e.tableLabel}; the ptl held is ${otherPtl.lock.label}, which protects a different table (R15)` }
    : { cls: 'ptl', key, text: `the ptl of ${e.tableLabel} (R15)` };
}

/** "while holding only X" / "with no lock held", for the sentence of the message. */
function holding(held: readonly HeldLock[]): string {
  if (held.length === 0) return 'with no lock held';
  return `while holding only ${held.map((h) => `the ${heldList([h])}`).join(', ')}`;
}

/** Where the path last released the missing lock before the write: the write came one step too late. */
function releasedBefore(trace: Trace, e: WriteEvent, missing: Missing): Loc | undefined {
  const i = trace.events.indexOf(e);
  const earlier = trace.events.slice(0, i).reverse().find((x) => x.kind === 'unlock' && x.lock.cls === missing.cls && (!missing.key || x.lock.key === missing.key));
  return earlier?.loc;
}

/** Where the path takes the missing lock after the write, if it does: the lock was taken one step too late. */
function takenLater(trace: Trace, e: WriteEvent, missing: Missing): Loc | undefined {
  const i = trace.events.indexOf(e);
  const later = trace.events.slice(i + 1).find((x) => x.kind === 'lock' && x.lock.cls === missing.cls && (!missing.key || x.lock.key === missing.key)
    && (missing.cls !== 'i_mmap_rwsem' || x.mode === 'write'));
  return later?.loc;
}

const SHARED_WORDS = ' that points to a PMD table other mms may share';

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
          const verb = e.value === 'none' ? 'clears' : 'writes';
          const shared = e.maySharedLower && e.value === 'none' ? SHARED_WORDS : '';
          const late = takenLater(trace, e, missing);
          const early = late ? undefined : releasedBefore(trace, e, missing);
          const lateNote = late ? ` The path takes it only after the write (${sourceAt(program, late)}).`
            : early ? ` The path released it before the write (${sourceAt(program, early)}).` : '';
          const related = heldRelated(e.held, e.loc);
          if (late) related.push({ loc: late, message: 'the missing lock is taken here, after the entry was written' });
          if (early) related.push({ loc: early, message: 'the missing lock is released here, before the entry is written' });
          out.push({
            ruleId: this.id, severity: this.defaultSeverity, loc: e.loc, function: functionName(program, e.loc.fn),
            message: `${what} ${verb} the ${e.level.toUpperCase()} entry${shared} ${holding(e.held)}; it needs ${missing.text}.${lateNote} ${seenOn(run, trace, e)}`,
            related,
            fixes: [],
            incomplete: incompleteNote(run, trace),
          });
        }
      }
    }
    // The same line is often reached on several paths and in several
    // scenarios; the finding kept for it is the most telling one: where the
    // table may be shared (the stronger requirement, R1), then one from a
    // scenario (a concrete state), then the one with the shortest path condition.
    const rank = (f: RawFinding) => [f.message.includes(SHARED_WORDS) ? 0 : 1, fromScenario(f.message) ? 0 : 1, f.message.length];
    const telling = [...out].sort((a, b) => {
      const [x, y] = [rank(a), rank(b)];
      return x[0] - y[0] || x[1] - y[1] || x[2] - y[2];
    });
    return dedupe(telling);
  },
};
