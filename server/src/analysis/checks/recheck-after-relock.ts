/**
 * mm/recheck-after-relock: an entry written after its table's ptl was dropped
 * and taken again, with no pte_same()/pmd_same()/huge_pte_same() re-check in
 * between. While the lock was dropped the entry may have changed (R17).
 */
import { conditionAt, dedupe, functionName, incompleteNote, onThePath, sourceAt } from './helpers.js';
import type { Check, RawFinding } from './types.js';

const RECHECKS = /(_same|_same_pte|pte_same|pmd_same|huge_pte_same)$/;

export const recheckAfterRelock: Check = {
  id: 'mm/recheck-after-relock',
  defaultSeverity: 'warning',
  title: 'An entry is used after a dropped-and-retaken ptl without pte_same()',
  enforces: 'R17',
  run({ runs, program }) {
    const out: RawFinding[] = [];
    for (const run of runs) {
      for (const trace of run.traces) {
        const dropped = new Set<string>();
        const retaken = new Set<string>();
        for (const e of trace.events) {
          if (e.kind === 'unlock' && e.lock.cls === 'ptl') dropped.add(e.lock.key);
          if (e.kind === 'lock' && e.lock.cls === 'ptl' && dropped.has(e.lock.key)) retaken.add(e.lock.key);
          if (e.kind === 'call' && RECHECKS.test(e.name)) retaken.clear();
          if (e.kind === 'write-entry' && retaken.has(`ptl(#${e.table})`)) {
            out.push({ ruleId: this.id, severity: this.defaultSeverity, loc: e.loc, function: functionName(program, e.loc.fn),
              message: `${sourceAt(program, e.loc) || e.via} writes an entry of ${e.tableLabel} after its ptl was dropped and retaken, without a pte_same() re-check ${onThePath(conditionAt(trace, e))}; the entry may have changed meanwhile.`,
              related: [], fixes: [], incomplete: incompleteNote(run, trace) });
          }
        }
      }
    }
    return dedupe(out);
  },
};
