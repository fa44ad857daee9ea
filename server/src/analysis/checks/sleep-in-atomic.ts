/**
 * mm/sleep-in-atomic: a call that may sleep (an rwsem or mutex, a GFP_KERNEL
 * allocation, an mmu-notifier start, cond_resched) made while a spinlock is
 * held or inside an RCU read section (R18).
 *
 * One finding per call site: the paths that reach it are looked at
 * together, so the message says "on every path" when no path reaches the
 * call without the spinlock, and names the lock by the call that took it
 * (huge_pte_lock() returns a different lock on different paths).
 */
import { classInfo } from '../../../../simulator/src/interp/locks.js';
import type { RunResult } from '../../../../simulator/src/simulate.js';
import type { HeldLock, Loc, Trace, TraceEvent } from '../../../../simulator/src/trace.js';
import { functionName, incompleteNote, sourceAt } from './helpers.js';
import { onDivergentPath } from './path-text.js';
import type { Check, RawFinding, RawFix } from './types.js';
import type { Program } from '../../../../simulator/src/interp/context.js';

type SleepEvent = TraceEvent & { kind: 'sleep' };

interface Seen {
  e: SleepEvent;
  trace: Trace;
  run: RunResult;
  atomic: HeldLock[];
}

/** "the ptl of PMD table T or page_table_lock of mm (taken by huge_pte_lock(h, mm, ptep))". */
function describeLocks(program: Program, seen: readonly Seen[]): string {
  const byTaker = new Map<string, Set<string>>();
  for (const s of seen) {
    for (const h of s.atomic) {
      const taker = h.at ? sourceAt(program, h.at) : h.fromContext ? `held on entry: ${h.fromContext}` : '';
      byTaker.set(taker, (byTaker.get(taker) ?? new Set()).add(h.lock.label));
    }
  }
  return [...byTaker].map(([taker, labels]) => `${[...labels].join(' or ')}${taker ? ` (${/^held on entry/.test(taker) ? taker : `taken by ${taker}`})` : ''}`).join(', ');
}

/** GFP_KERNEL to GFP_ATOMIC in the call, when that is the reason it sleeps. */
function atomicGfpFix(program: Program, loc: Loc): RawFix[] {
  const fn = program.byId.get(loc.fn);
  if (!fn) return [];
  const text = fn.text.slice(loc.span.start, loc.span.end);
  const at = text.indexOf('GFP_KERNEL');
  if (at < 0) return [];
  const start = loc.span.start + at;
  return [{ title: 'Allocate with GFP_ATOMIC (or move the allocation before the lock)', edits: [{ loc: { fn: loc.fn, span: { start, end: start + 'GFP_KERNEL'.length } }, newText: 'GFP_ATOMIC' }] }];
}

export const sleepInAtomic: Check = {
  id: 'mm/sleep-in-atomic',
  defaultSeverity: 'error',
  title: 'A call that may sleep is made under a spinlock or RCU',
  enforces: 'R18, R11',
  run({ runs, program }) {
    const bySite = new Map<string, { all: Seen[]; bad: Seen[] }>();
    for (const run of runs) {
      for (const trace of run.traces) {
        for (const e of trace.events) {
          if (e.kind !== 'sleep') continue;
          const key = `${e.loc.fn}|${e.loc.span.start}|${e.loc.span.end}`;
          const site = bySite.get(key) ?? { all: [], bad: [] };
          const seen: Seen = { e, trace, run, atomic: e.held.filter((h) => classInfo(h.lock.cls).atomic) };
          site.all.push(seen);
          if (seen.atomic.length) site.bad.push(seen);
          bySite.set(key, site);
        }
      }
    }
    const out: RawFinding[] = [];
    for (const { all, bad } of bySite.values()) {
      if (bad.length === 0) continue;
      const first = bad.find((s) => s.run.scenario === 'none') ?? bad[0];
      const clean = all.filter((s) => s.atomic.length === 0 && s.run === first.run).map((s) => s.trace);
      const where = clean.length ? onDivergentPath(first.trace, clean) : 'on every path that reaches it';
      const call = sourceAt(program, first.e.loc) || first.e.via;
      const related = [...new Map(bad.flatMap((s) => s.atomic).filter((h) => h.at).map((h) => [`${h.at!.fn}|${h.at!.span.start}`, { loc: h.at!, message: `${h.lock.label} taken here` }])).values()];
      out.push({
        ruleId: this.id, severity: this.defaultSeverity, loc: first.e.loc, function: functionName(program, first.e.loc.fn),
        message: `${call} may sleep, but runs with ${describeLocks(program, bad.filter((s) => s.run === first.run))} held ${where}; sleeping under a spinlock or in an RCU read section is not allowed (R18). Take sleeping locks and allocate before the spinlock, or use a non-sleeping variant.`,
        related, fixes: atomicGfpFix(program, first.e.loc), incomplete: incompleteNote(first.run, first.trace),
      });
    }
    return out;
  },
};
