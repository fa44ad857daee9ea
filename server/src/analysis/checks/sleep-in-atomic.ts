/**
 * mm/sleep-in-atomic: a call that may sleep (an rwsem or mutex, a GFP_KERNEL
 * allocation, an mmu-notifier start, cond_resched) made while a spinlock is
 * held or inside an RCU read section (R18).
 */
import { classInfo } from '../../../../simulator/src/interp/locks.js';
import { conditionAt, dedupe, functionName, heldRelated, incompleteNote, onThePath, sourceAt } from './helpers.js';
import type { Check, RawFinding } from './types.js';

export const sleepInAtomic: Check = {
  id: 'mm/sleep-in-atomic',
  defaultSeverity: 'error',
  title: 'A call that may sleep is made under a spinlock or RCU',
  enforces: 'R18, R11',
  run({ runs, program }) {
    const out: RawFinding[] = [];
    for (const run of runs) {
      for (const trace of run.traces) {
        for (const e of trace.events) {
          if (e.kind !== 'sleep') continue;
          const atomic = e.held.filter((h) => classInfo(h.lock.cls).atomic);
          if (atomic.length === 0) continue;
          out.push({ ruleId: this.id, severity: this.defaultSeverity, loc: e.loc, function: functionName(program, e.loc.fn),
            message: `${sourceAt(program, e.loc) || e.via} may sleep, but runs with ${atomic.map((h) => h.lock.label).join(', ')} held ${onThePath(conditionAt(trace, e))}; drop the lock first or use a non-sleeping variant.`,
            related: heldRelated(atomic, e.loc), fixes: [], incomplete: incompleteNote(run, trace) });
        }
      }
    }
    return dedupe(out);
  },
};
