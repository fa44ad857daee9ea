/**
 * mm/shared-pmd-flush: after a PUD entry that pointed to a shared PMD table
 * is cleared (an unshare), this mm's TLB may still translate through the
 * table; the flush covering the whole PUD-aligned range must happen before
 * i_mmap_rwsem is dropped (R6, R7), after which another mm can free the
 * table. The finding sits where the path lets go without that flush: the
 * i_mmap_rwsem release, or the return of the simulated function.
 *
 * A flush counts when its range is not provably narrower than a PUD. A
 * flush of an mmu_gather (tlb_flush_mmu, tlb_finish_mmu) counts only when
 * the gather was given a PUD-sized range after the unshare
 * (tlb_flush_pmd_range(tlb, addr & PUD_MASK, PUD_SIZE)); the per-huge-page
 * tlb_remove_*_tlb_entry ranges are not enough.
 *
 * A function that returns with i_mmap_rwsem still held for write (taken by
 * its caller, or asserted) leaves the flush to that caller, as
 * huge_pmd_unshare() does; that is reported as information, not a warning,
 * since only the caller shows whether the flush happens.
 */
import { boundsOf } from '../../../../simulator/src/solver/solve.js';
import { op, type Term } from '../../../../simulator/src/solver/term.js';
import type { Trace, TraceEvent } from '../../../../simulator/src/trace.js';
import { dedupe, functionName, incompleteNote, sourceAt } from './helpers.js';
import { seenOn } from './pgtable-helpers.js';
import type { Check, RawFinding, RawFix } from './types.js';

const PUD_SIZE = 1n << 30n;

type Flush = TraceEvent & { kind: 'tlb-flush' };

function isUnshare(e: TraceEvent): e is TraceEvent & { kind: 'write-entry' } {
  return e.kind === 'write-entry' && e.level === 'pud' && e.value === 'none' && e.maySharedLower;
}

/** Whether a [start, end) range can be at least a PUD: unknown bounds count as covering. */
function rangeCoversPud(trace: Trace, start?: Term, end?: Term): boolean {
  if (!start || !end) return true;
  const size: Term = op('sub', end, start);
  const b = boundsOf(trace.conditions.map((c) => c.term), size);
  return !(b?.hi !== undefined && b.hi < PUD_SIZE);
}

function holdsImmapWrite(e: TraceEvent): boolean {
  return e.held.some((h) => h.lock.cls === 'i_mmap_rwsem' && h.mode === 'write');
}

interface Outcome {
  /** Where the path let go without a covering flush, and how. */
  at?: TraceEvent;
  how: 'unlock' | 'return' | 'return-held';
  narrow?: TraceEvent;
}

/** Follows the path after an unshare until a covering flush, or the point where the lock goes or the function returns. */
function followUnshare(trace: Trace, from: number, topFn: string): Outcome | undefined {
  let pudGathered = false;
  let narrow: TraceEvent | undefined;
  for (const e of trace.events.slice(from + 1)) {
    if (e.kind === 'tlb-gather') {
      if (rangeCoversPud(trace, e.start, e.end)) pudGathered = true;
      else narrow ??= e;
    }
    if (e.kind === 'tlb-flush') {
      const f = e as Flush;
      if (f.gathered ? pudGathered : rangeCoversPud(trace, f.start, f.end)) return undefined;
      narrow = f;
    }
    if (e.kind === 'unlock' && e.lock.cls === 'i_mmap_rwsem') return { at: e, how: 'unlock', narrow };
    if (e.kind === 'return' && e.loc.fn === topFn) {
      return { at: e, how: holdsImmapWrite(e) ? 'return-held' : 'return', narrow };
    }
  }
  const last = trace.events[trace.events.length - 1];
  return { at: last, how: last && holdsImmapWrite(last) ? 'return-held' : 'return', narrow };
}

/**
 * For a direct flush that was too narrow, `f(vma, start, end)` becomes
 * `f(vma, start & PUD_MASK, (start & PUD_MASK) + PUD_SIZE)`: the PUD that the
 * unshared table covered, as __unmap_hugepage_range flushes it.
 */
function widenFix(narrow: TraceEvent, text: string): RawFix[] {
  if (narrow.kind !== 'tlb-flush' || narrow.gathered) return [];
  const m = /^(\w+)\(\s*([^,]+?)\s*,\s*([^,]+?)\s*,\s*(.+)\)$/.exec(text);
  if (!m) return [];
  const start = /^[\w>.-]+$/.test(m[3]) ? m[3] : `(${m[3]})`;
  const newText = `${m[1]}(${m[2]}, ${start} & PUD_MASK, (${start} & PUD_MASK) + PUD_SIZE)`;
  return [{ title: `Flush the whole PUD: ${newText}`, edits: [{ loc: narrow.loc, newText }] }];
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
        const outcome = followUnshare(trace, i, run.functionId);
        if (!outcome?.at) continue;
        const endLoc = outcome.at.loc;
        const top = functionName(program, run.functionId);
        const clear = sourceAt(program, unshare.loc) || 'an unshare';
        const returned = sourceAt(program, endLoc);
        const narrowNote = outcome.narrow
          ? ` The flush at ${sourceAt(program, outcome.narrow.loc) || ('via' in outcome.narrow ? outcome.narrow.via : 'a flush')} covers less than the PUD range, which is what this mm's TLB may still cache through the table.`
          : '';
        const related = [{ loc: unshare.loc, message: 'the PUD entry of the shared PMD table is cleared here' }];
        if (outcome.narrow) related.push({ loc: outcome.narrow.loc, message: 'this flush covers less than the PUD-aligned range' });
        const seen = seenOn(run, trace, unshare);
        if (outcome.how === 'return-held') {
          out.push({
            ruleId: this.id, severity: 'info', loc: endLoc, function: functionName(program, endLoc.fn),
            message: `${top} returns${returned ? ` (${returned})` : ''} with i_mmap_rwsem still held after ${clear} unshared a PMD table and before any flush of the PUD-aligned range: its caller must flush (addr & PUD_MASK, PUD_SIZE) before i_mmap_unlock_write() (R6).${narrowNote} ${seen}`,
            related, fixes: [], incomplete: incompleteNote(run, trace),
          });
          continue;
        }
        const where = outcome.how === 'unlock' && outcome.at.kind === 'unlock'
          ? `drops ${outcome.at.lock.label}${returned ? ` (${returned})` : ''}`
          : `returns${returned ? ` (${returned})` : ''}`;
        const fixes = outcome.narrow ? widenFix(outcome.narrow, sourceAt(program, outcome.narrow.loc)) : [];
        out.push({
          ruleId: this.id, severity: this.defaultSeverity, loc: endLoc, function: functionName(program, endLoc.fn),
          message: `${top} ${where} after ${clear} unshared a PMD table, without flushing the TLB over the PUD-aligned range (addr & PUD_MASK, PUD_SIZE) first; another mm may then free the table while this mm's TLB still uses it (R6, R7).${narrowNote} ${seen}`,
          related, fixes, incomplete: incompleteNote(run, trace),
        });
      }
    }
    // Keep, per location, the warning before the information, then the shortest.
    const order = (f: RawFinding) => (f.severity === 'info' ? 1 : 0);
    return dedupe([...out].sort((a, b) => order(a) - order(b) || a.message.length - b.message.length));
  },
};
