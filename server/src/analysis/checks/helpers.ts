/**
 * Helpers the checks share: the text of a location, the path condition in
 * force at an event, lock descriptions, and finding construction.
 */
import type { Program } from '../../../../simulator/src/interp/context.js';
import type { RunResult } from '../../../../simulator/src/simulate.js';
import type { HeldLock, Loc, Trace, TraceEvent } from '../../../../simulator/src/trace.js';
import type { RawFinding } from './types.js';

export function sourceAt(program: Program, loc: Loc): string {
  const fn = program.byId.get(loc.fn);
  return fn ? fn.text.slice(loc.span.start, loc.span.end).replace(/\s+/g, ' ').trim() : '';
}

export function functionName(program: Program, fnId: string): string {
  return program.byId.get(fnId)?.ast.name ?? fnId.split(':').pop() ?? fnId;
}

/** The path condition at an event, as a reviewer reads it; empty when the path is unconditional. */
export function conditionAt(trace: Trace, event: { pcLength: number }): string {
  const texts = trace.conditions.slice(0, event.pcLength).map((c) => c.text).filter((t) => t.length > 0);
  return [...new Set(texts)].join(' && ');
}

export function onThePath(cond: string): string {
  return cond ? `on the path where ${cond}` : 'on every path';
}

export function heldList(held: readonly HeldLock[]): string {
  if (held.length === 0) return 'no lock held';
  return held.map((h) => `${h.lock.label}${/rwsem|mmap_lock|hugetlb_vma_lock|vma_lock/.test(h.lock.cls) ? ` (${h.mode})` : ''}`).join(', ');
}

/** Related locations for the locks held at an event: where each was taken, or why it is held on entry. */
export function heldRelated(held: readonly HeldLock[], fallback: Loc): { loc: Loc; message: string }[] {
  return held.map((h) => (h.at
    ? { loc: h.at, message: `${h.lock.label} taken here` }
    : { loc: fallback, message: `${h.lock.label} held on entry: ${h.fromContext ?? 'calling context'}` }));
}

export function scenarioNote(run: RunResult): string {
  return run.scenario === 'none' ? '' : ` (scenario ${run.scenario})`;
}

export function incompleteNote(run: RunResult, trace: Trace): string | undefined {
  return trace.incomplete ?? (run.incomplete.length ? run.incomplete[0] : undefined);
}

export function eventsOf<K extends TraceEvent['kind']>(trace: Trace, kind: K): (TraceEvent & { kind: K })[] {
  return trace.events.filter((e): e is TraceEvent & { kind: K } => e.kind === kind);
}

/** Keeps the first finding per rule and location (the same line reached on many paths or runs). */
export function dedupe(findings: RawFinding[]): RawFinding[] {
  const seen = new Map<string, RawFinding>();
  for (const f of findings) {
    const key = `${f.ruleId}|${f.loc.fn}|${f.loc.span.start}|${f.loc.span.end}`;
    if (!seen.has(key)) seen.set(key, f);
  }
  return [...seen.values()];
}
