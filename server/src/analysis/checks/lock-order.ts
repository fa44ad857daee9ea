/**
 * mm/lock-order: a lock taken while a lock that ranks after it in the mm
 * lock order is held (mm-facts §1.1: the hugetlb order is fault mutex ->
 * hugetlb VMA lock -> i_mmap_rwsem -> folio lock -> ptl), including the case
 * R10 names: blocking on the hugetlb VMA lock with i_mmap_rwsem held, where
 * only a trylock is allowed. Trylocks never wait, so they are not flagged;
 * taking a write lock already held is (a self-deadlock). A sleeping lock
 * taken under spinlocks only is left to mm/sleep-in-atomic.
 *
 * One finding per call site; the paths that reach it are looked at together
 * so the message says whether it happens on every path.
 */
import { classInfo } from '../../../../simulator/src/interp/locks.js';
import type { RunResult } from '../../../../simulator/src/simulate.js';
import type { HeldLock, Trace, TraceEvent } from '../../../../simulator/src/trace.js';
import { functionName, heldRelated, incompleteNote, sourceAt } from './helpers.js';
import { onDivergentPath } from './path-text.js';
import type { Check, RawFinding } from './types.js';

/** Outermost first; equal ranks are not ordered against each other. */
const RANK: Record<string, number> = {
  i_rwsem: 10, mmap_lock: 20, invalidate_lock: 25, fault_mutex: 30, hugetlb_vma_lock: 40, vma_lock: 45,
  i_mmap_rwsem: 50, anon_vma_rwsem: 55, folio_lock: 60, ptl: 70, page_table_lock: 70, resv_map_lock: 80, spool_lock: 80, hugetlb_lock: 90,
};

const HUGETLB_ORDER = 'hugetlb fault mutex -> hugetlb VMA lock -> i_mmap_rwsem -> folio lock -> ptl';

type LockEvent = TraceEvent & { kind: 'lock' };

interface Violation {
  e: LockEvent;
  trace: Trace;
  run: RunResult;
  /** Held locks that must be taken after this one, or the hold of this very lock. */
  against: HeldLock[];
  self: boolean;
}

function violation(e: LockEvent): { against: HeldLock[]; self: boolean } | undefined {
  if (/trylock/.test(e.via)) return undefined;
  if (e.alreadyHeld && e.lock.cls !== 'rcu' && e.mode === 'write') return { against: e.held.filter((h) => h.lock.key === e.lock.key), self: true };
  const rank = RANK[e.lock.cls];
  if (rank === undefined) return undefined;
  const inner = e.held.filter((h) => (RANK[h.lock.cls] ?? 0) > rank);
  if (inner.length === 0) return undefined;
  if (e.lock.sleeps && inner.every((h) => classInfo(h.lock.cls).atomic)) return undefined;
  return { against: inner, self: false };
}

function takenBy(program: Parameters<Check['run']>[0]['program'], h: HeldLock): string {
  if (h.at) return `${h.lock.label} (taken by ${sourceAt(program, h.at)})`;
  return `${h.lock.label} (held on entry: ${h.fromContext ?? 'calling context'})`;
}

export const lockOrder: Check = {
  id: 'mm/lock-order',
  defaultSeverity: 'error',
  title: 'A lock is taken against the documented mm lock order',
  enforces: 'mm-facts §1.1, R10, R11',
  run({ runs, program }) {
    const bySite = new Map<string, { all: { trace: Trace; run: RunResult }[]; bad: Violation[] }>();
    for (const run of runs) {
      for (const trace of run.traces) {
        for (const e of trace.events) {
          if (e.kind !== 'lock') continue;
          const key = `${e.loc.fn}|${e.loc.span.start}|${e.loc.span.end}|${e.lock.cls}`;
          const site = bySite.get(key) ?? { all: [], bad: [] };
          site.all.push({ trace, run });
          const v = violation(e);
          if (v) site.bad.push({ e, trace, run, ...v });
          bySite.set(key, site);
        }
      }
    }
    const out: RawFinding[] = [];
    for (const { all, bad: found } of bySite.values()) {
      // Two lock pointers a scenario makes alias (both PMDs in the one shared
      // table) are an assumption, not the code's doing: a self-deadlock needs
      // a run without a scenario to show it.
      const bad = found.filter((x) => !x.self || x.run.scenario === 'none');
      if (bad.length === 0) continue;
      const v = bad.find((x) => x.run.scenario === 'none') ?? bad[0];
      const clean = all.filter((x) => x.run === v.run && !bad.some((b) => b.trace === x.trace)).map((x) => x.trace);
      const where = clean.length ? ` ${onDivergentPath(v.trace, clean)}` : '';
      const call = sourceAt(program, v.e.loc) || v.e.via;
      const held = [...new Map(v.against.map((h) => [h.lock.key, h])).values()];
      let message: string;
      if (v.self) {
        message = `${call} takes ${v.e.lock.label}, which is already held${where}: ${takenBy(program, held[0])}. The task deadlocks against itself.`;
      } else {
        const r10 = v.e.lock.cls === 'hugetlb_vma_lock' && held.some((h) => h.lock.cls === 'i_mmap_rwsem');
        const order = /hugetlb|fault_mutex|i_mmap|folio|ptl/.test(`${v.e.lock.cls} ${held.map((h) => h.lock.cls).join(' ')}`) ? ` (${HUGETLB_ORDER})` : '';
        message = `${call} takes ${v.e.lock.label} while holding ${held.map((h) => takenBy(program, h)).join(', ')}${where}, against the mm lock order${order}: a task taking them in the documented order can deadlock with this one. `
          + (r10
            ? 'With i_mmap_rwsem held only hugetlb_vma_trylock_write() is allowed, backing off when it fails (R10).'
            : `Take ${v.e.lock.label} first.`);
      }
      out.push({ ruleId: this.id, severity: this.defaultSeverity, loc: v.e.loc, function: functionName(program, v.e.loc.fn),
        message, related: heldRelated(held, v.e.loc), fixes: [], incomplete: incompleteNote(v.run, v.trace) });
    }
    return out;
  },
};
