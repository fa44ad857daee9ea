/**
 * mm/shared-pmd-flush: after a PUD entry that pointed to a shared PMD table
 * is cleared (an unshare), this mm's TLB may still translate through the
 * table; the flush covering the whole PUD-aligned range must happen before
 * i_mmap_rwsem is dropped (R6, R7), after which another mm can free the
 * table. The finding sits where the path lets go without that flush: the
 * i_mmap_rwsem release, or the return of the simulated function.
 */
import { boundsOf } from '../../../../simulator/src/solver/solve.js';
import { op, type Term } from '../../../../simulator/src/solver/term.js';
import type { Trace, TraceEvent } from '../../../../simulator/src/trace.js';
import { conditionAt, dedupe, functionName, incompleteNote, onThePath, scenarioNote, sourceAt } from './helpers.js';
import type { Check, RawFinding } from './types.js';

const PUD_SIZE = 1n << 30n;

function isUnshare(e: TraceEvent): boolean {
  return e.kind === 'write-entry' && (e.level === 'pud') && e.value === 'none' && e.maySharedLower;
}

/** A flush counts unless its range is provably narrower than a PUD. */
function coversPud(trace: Trace, e: TraceEvent & { kind: 'tlb-flush' }): boolean {
  if (e.gathered || !e.start || !e.end) return true;
  const size: Term = op('sub', e.end, e.start);
  const b = boundsOf(trace.conditions.map((c) => c.term), size);
  return !(b?.hi !== undefined && b.hi < PUD_SIZE);
}

export const sharedPmdFlush: Check = {
  id: 'mm/shared-pmd-flush',
  defaultSeverity: 'warning',
  title: 'A shared PMD table is unshared without flushing the PUD-aligned range before the excluding lock is dropped',
  enforces: 'R6, R7',
  run({ runs, program }) {
    const out: RawFinding[] = [];
    for (const run of runs) {
      for (const trace of run.traces) {
        const i = trace.events.findIndex(isUnshare);
        if (i < 0) continue;
        const unshare = trace.events[i];
        let narrow: (TraceEvent & { kind: 'tlb-flush' }) | undefined;
        let flushed = false;
        let at: TraceEvent | undefined;
        for (const e of trace.events.slice(i + 1)) {
          if (e.kind === 'tlb-flush') {
            if (coversPud(trace, e)) { flushed = true; break; }
            narrow = e;
          }
          if (e.kind === 'unlock' && e.lock.cls === 'i_mmap_rwsem') { at = e; break; }
          if (e.kind === 'return' && e.loc.fn === run.functionId) { at = e; break; }
        }
        if (flushed) continue;
        const endLoc = at?.loc ?? trace.events[trace.events.length - 1]?.loc ?? unshare.loc;
        const where = at?.kind === 'unlock' ? `drops ${at.lock.label}` : `returns${sourceAt(program, endLoc) ? ` (${sourceAt(program, endLoc)})` : ''}`;
        const narrowNote = narrow ? ` The flush at ${sourceAt(program, narrow.loc) || narrow.via} covers less than the PUD range.` : '';
        out.push({
          ruleId: this.id, severity: this.defaultSeverity, loc: endLoc, function: functionName(program, endLoc.fn),
          message: `${functionName(program, run.functionId)} ${where} after ${sourceAt(program, unshare.loc) || 'an unshare'} unshared a PMD table, without flushing the TLB over the PUD-aligned range (addr & PUD_MASK, PUD_SIZE) first; another mm may then free the table while this mm's TLB still uses it. Seen ${onThePath(conditionAt(trace, unshare))}${scenarioNote(run)}.${narrowNote}`,
          related: [{ loc: unshare.loc, message: 'the PUD entry of the shared PMD table is cleared here' }],
          fixes: [],
          incomplete: incompleteNote(run, trace),
        });
      }
    }
    return dedupe(out);
  },
};
