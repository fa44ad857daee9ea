/**
 * mm/bug-on-reachable: a BUG_ON/VM_BUG_ON whose condition can hold on some
 * simulated path is a warning with that path (mm-facts §2.10: never BUG on a
 * recoverable condition); one whose condition holds on no path that reaches
 * it is a hint that the assertion is dead, with the reasons the path gives.
 */
import type { Trace, TraceEvent } from '../../../../simulator/src/trace.js';
import { conditionAt, functionName, incompleteNote, onThePath, sourceAt } from './helpers.js';
import type { Check, RawFinding, RawFix } from './types.js';

type BugEvent = TraceEvent & { kind: 'bug' };

function recoveryFix(program: Parameters<Check['run']>[0]['program'], e: BugEvent): RawFix[] {
  const fn = program.byId.get(e.loc.fn);
  if (!fn || !/^(int|long|vm_fault_t|ssize_t)$/.test(fn.ast.returnType.base) || fn.ast.returnType.pointer) return [];
  const ret = fn.ast.returnType.base === 'vm_fault_t' ? 'VM_FAULT_SIGBUS' : '-EINVAL';
  return [{ title: `Replace ${e.via}() with WARN_ON_ONCE() and return ${ret}`, edits: [{ loc: e.loc, newText: `if (WARN_ON_ONCE(${e.condition}))\n\t\treturn ${ret}` }] }];
}

export const bugOnReachable: Check = {
  id: 'mm/bug-on-reachable',
  defaultSeverity: 'warning',
  title: 'A BUG_ON can fire on a simulated path (or, as a hint, can never fire)',
  enforces: 'mm-facts §2.10 #88-89, R26',
  run({ runs, program }) {
    const byLoc = new Map<string, { events: { e: BugEvent; trace: Trace; run: (typeof runs)[number] }[] }>();
    for (const run of runs) {
      for (const trace of run.traces) {
        for (const e of trace.events) {
          if (e.kind !== 'bug' || (e.assertion !== 'bug' && e.assertion !== 'vm-bug')) continue;
          const key = `${e.loc.fn}|${e.loc.span.start}`;
          const entry = byLoc.get(key) ?? { events: [] };
          entry.events.push({ e, trace, run });
          byLoc.set(key, entry);
        }
      }
    }
    const out: RawFinding[] = [];
    for (const { events } of byLoc.values()) {
      const firing = events.find((x) => x.e.fires);
      const first = firing ?? events[0];
      const what = sourceAt(program, first.e.loc) || `${first.e.via}(${first.e.condition})`;
      if (firing) {
        out.push({
          ruleId: this.id, severity: this.defaultSeverity, loc: firing.e.loc, function: functionName(program, firing.e.loc.fn),
          message: `${what} can fire ${onThePath(conditionAt(firing.trace, firing.e))}${firing.run.scenario === 'none' ? '' : ` (scenario ${firing.run.scenario})`}; a BUG_ON kills the task for a condition the code could recover from.`,
          related: [], fixes: recoveryFix(program, firing.e), incomplete: incompleteNote(firing.run, firing.trace),
        });
      } else {
        const reasons = [...new Set(events.flatMap((x) => x.e.why))];
        const explained = reasons.filter((r) => r.includes(': ')).concat(reasons.filter((r) => !r.includes(': '))).slice(0, 6);
        out.push({
          ruleId: this.id, severity: 'hint', loc: first.e.loc, function: functionName(program, first.e.loc.fn),
          message: `${what} cannot fire: on every simulated path that reaches it ${explained.length ? explained.join('; ') : 'its condition is false'}. The assertion is dead; consider dropping it or making the reason explicit.`,
          related: [], fixes: [], incomplete: incompleteNote(first.run, first.trace),
        });
      }
    }
    return out;
  },
};
