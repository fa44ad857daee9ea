/**
 * mm/recheck-after-relock: an entry written after its page-table lock was
 * dropped and taken again, with no pte_same()/pmd_same() re-check in
 * between. While the lock was dropped (to allocate, copy or sleep) another
 * thread may have changed the entry; only comparing it with the value read
 * before the drop tells (R17). A test like pte_present() or huge_pte_none()
 * is not that comparison: the entry can be present and different.
 *
 * A loop that takes the lock again at the same statement in its next
 * iteration starts afresh; only a relock at another statement is a retake.
 * A lock a callee takes and drops within one call is not a drop either, and
 * walking to the entry again after the drop (huge_pte_offset()) starts afresh.
 */
import type { Loc, TraceEvent } from '../../../../simulator/src/trace.js';
import { dedupe, functionName, incompleteNote, sourceAt } from './helpers.js';
import { pathCondition } from './path-text.js';
import type { Check, RawFinding } from './types.js';

const RECHECKS = /(^|_)(pte_same|pmd_same|pud_same|huge_pte_same)$|_same$/;
const PTL_CLASSES = new Set(['ptl', 'page_table_lock']);
/** Calls that walk to an entry (huge_pte_offset, hugetlb_walk, pte_offset_map_lock, pmd_offset...). */
const WALKS = /(_offset|_offset_map\w*|^hugetlb_walk|^huge_pte_alloc|_alloc_map\w*|^get_locked_pte|walk)$/;

interface LockState {
  /** Where the lock was first taken in the current stretch. */
  takenAt?: Loc;
  droppedAt?: Loc;
  retakenAt?: Loc;
}

function sameLoc(a: Loc | undefined, b: Loc | undefined): boolean {
  return !!a && !!b && a.fn === b.fn && a.span.start === b.span.start && a.span.end === b.span.end;
}

export const recheckAfterRelock: Check = {
  id: 'mm/recheck-after-relock',
  defaultSeverity: 'warning',
  title: 'An entry is used after a dropped-and-retaken ptl without pte_same()',
  enforces: 'R17',
  run({ runs, program }) {
    const out: RawFinding[] = [];
    for (const run of runs) {
      for (const trace of run.traces) {
        const locks = new Map<string, LockState>();
        for (const e of trace.events as TraceEvent[]) {
          if (e.kind === 'unlock' && PTL_CLASSES.has(e.lock.cls) && e.wasHeld) {
            const s = locks.get(e.lock.key) ?? {};
            // Taken and dropped inside one call (huge_pte_alloc() populating
            // a PUD under page_table_lock) is the callee's own critical
            // section, not a hold of the entry this function dropped.
            if (sameLoc(s.takenAt, e.loc)) locks.delete(e.lock.key);
            else locks.set(e.lock.key, { ...s, droppedAt: e.loc, retakenAt: undefined });
          } else if (e.kind === 'lock' && PTL_CLASSES.has(e.lock.cls)) {
            const s = locks.get(e.lock.key);
            if (!s?.droppedAt || sameLoc(s.takenAt, e.loc)) locks.set(e.lock.key, { takenAt: e.loc });
            else locks.set(e.lock.key, { ...s, retakenAt: e.loc });
          } else if (e.kind === 'call' && RECHECKS.test(e.name)) {
            for (const [key, s] of locks) if (s.retakenAt) locks.set(key, { takenAt: s.takenAt });
          } else if ((e.kind === 'call' || e.kind === 'unknown-call') && WALKS.test(e.name)) {
            // Walking to the entry again after the drop gives a fresh
            // pointer, read under the lock taken next: a new start.
            for (const [key, s] of locks) if (s.droppedAt && !s.retakenAt) locks.delete(key);
          } else if (e.kind === 'write-entry') {
            const stale = e.held.map((h) => ({ h, s: locks.get(h.lock.key) })).find((x) => x.s?.retakenAt);
            if (!stale) continue;
            const { h, s } = stale as { h: (typeof e.held)[number]; s: Required<LockState> };
            const cond = pathCondition(trace, e.pcLength, e.loc.fn);
            out.push({ ruleId: this.id, severity: this.defaultSeverity, loc: e.loc, function: functionName(program, e.loc.fn),
              message: `${sourceAt(program, e.loc) || e.via} writes an entry of ${e.tableLabel} after ${h.lock.label} was dropped (${sourceAt(program, s.droppedAt)}) and taken again (${sourceAt(program, s.retakenAt)}) with no pte_same() check against the entry read before the drop${cond ? `, on the path where ${cond}` : ''}. The entry may have changed while the lock was dropped; compare it with the saved value and back out if it differs (R17).`,
              related: [{ loc: s.droppedAt, message: `${h.lock.label} dropped here` }, { loc: s.retakenAt, message: `${h.lock.label} taken again here` }],
              fixes: [], incomplete: incompleteNote(run, trace) });
          }
        }
      }
    }
    return dedupe(out);
  },
};
