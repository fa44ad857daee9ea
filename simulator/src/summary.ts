/**
 * Turns runs into the per-function Summary (paths and their conditions,
 * locks on entry and exit, effects, unknown calls, completeness) and renders
 * it as text for the hover and the terminal, with the page-table picture.
 *
 * When a function ran inside its caller, only the events that happened in the
 * function itself are its own; the caller's part of each path is context.
 */
import type { RunResult } from './simulate.js';
import { printTerm } from './solver/print.js';
import type { HeldLock, PathSummary, Summary, Trace, TraceEvent } from './trace.js';

export interface SummaryOptions {
  /** Line number (1-based) of an offset in the function's text, for event lines. */
  lineOf?: (fnId: string, offset: number) => number | undefined;
  labelOf?: (run: RunResult, obj: number) => string;
}

function lockText(h: HeldLock): string {
  return `${h.lock.label}${h.lock.cls.match(/rwsem|mmap_lock|vma_lock|hugetlb_vma_lock/) ? ` (${h.mode})` : ''}`;
}

export function describeEvent(e: TraceEvent, label: (id: number) => string): string {
  switch (e.kind) {
    case 'lock': return `takes ${e.lock.label}${e.mode === 'read' ? ' for read' : ''} (${e.via})`;
    case 'unlock': return `releases ${e.lock.label} (${e.via})${e.wasHeld ? '' : ' although it is not held'}`;
    case 'write-entry': return `writes a ${e.level.toUpperCase()} entry in ${e.tableLabel}: ${e.value} (${e.via})${e.maySharedLower ? '; it pointed to a PMD table that may be shared' : ''}`;
    case 'share': return `${e.tableLabel}: share count ${printTerm(e.before, label)} -> ${printTerm(e.after, label)} (${e.via})`;
    case 'refcount': return `${e.label}: refcount ${printTerm(e.before, label)} -> ${printTerm(e.after, label)} (${e.via})`;
    case 'counter': return `${e.counter} ${e.delta >= 0 ? '+' : ''}${e.delta} (${e.via})`;
    case 'tlb-flush': return e.gathered ? `flushes the gathered TLB range (${e.via})` : `flushes the TLB over [${e.start ? printTerm(e.start, label) : '?'}, ${e.end ? printTerm(e.end, label) : '?'}) (${e.via})`;
    case 'tlb-gather': return `records a TLB range to flush later (${e.via})`;
    case 'bug': return e.fires ? `${e.via}(${e.condition}) fires` : `${e.via}(${e.condition}) cannot fire here`;
    case 'unknown-call': return `calls ${e.name}() (not modelled: its effect is unknown)`;
    case 'call': return `calls ${e.name}() (${e.target === 'patch' ? 'simulated' : 'model'})`;
    case 'sleep': return `may sleep in ${e.via}()`;
    case 'requires': return `${e.via}() requires ${e.lock.label}${e.mode === 'any' ? '' : ` (${e.mode})`}: ${e.satisfied ? 'held' : 'NOT held'}`;
    case 'assume-lock': return `assumes ${e.lock.label} (${e.mode}) is held, as ${e.via}() asserts`;
    case 'deref': return `dereferences ${e.text}`;
    case 'null-check': return `checks ${e.text} against NULL`;
    case 'page-arith': return `moves a struct page pointer: ${e.text}`;
    case 'set-field': return `sets ${e.text}`;
    case 'notifier': return `mmu notifier invalidation ${e.phase} (${e.via})`;
    case 'deposit': return `deposits a PTE table (${e.via})`;
    case 'withdraw': return `withdraws the deposited PTE table (${e.via})`;
    case 'free': return `frees (${e.via})`;
    case 'gup-fast-sync': return `synchronises with GUP-fast (${e.via})`;
    case 'entry-read': return `reads ${e.text}`;
    case 'gap': return `[code not visible: ${e.reason}]`;
    case 'return': return `returns ${e.value}`;
  }
}

const SHOWN = new Set(['lock', 'unlock', 'write-entry', 'share', 'refcount', 'counter', 'tlb-flush', 'tlb-gather', 'bug', 'unknown-call', 'sleep', 'requires', 'assume-lock', 'page-arith', 'set-field', 'notifier', 'deposit', 'withdraw', 'free', 'gup-fast-sync', 'gap', 'return']);

/** The part of a trace that belongs to `fnId`: its events and the conditions it added. */
export function ownPart(trace: Trace, fnId: string): { events: TraceEvent[]; conditions: string[] } {
  const events = trace.events.filter((e) => e.loc.fn === fnId);
  const conditions = trace.conditions.filter((c) => (!c.loc && !c.site) || c.loc?.fn === fnId || c.site?.fn === fnId).map((c) => c.text);
  return { events, conditions };
}

export function summarize(runs: RunResult[], fnId: string, name: string, complete: boolean, opts: SummaryOptions = {}): Summary {
  const paths: PathSummary[] = [];
  const seen = new Set<string>();
  const unknown = new Set<string>();
  const effects = new Set<string>();
  const locksOnEntry = new Set<string>();
  const locksOnExit: string[][] = [];
  for (const run of runs) {
    const label = (id: number) => opts.labelOf?.(run, id) ?? `object ${id}`;
    for (const t of run.traces) {
      const own = ownPart(t, fnId);
      if (own.events.length === 0 && run.functionId !== fnId) continue;
      // Inside a caller, the function's own entry is the call: the locks held there, not the caller's entry.
      const callee = run.functionId !== fnId;
      const call = callee ? t.events.find((e) => e.kind === 'call' && e.target === 'patch' && e.name === name) : undefined;
      for (const h of callee ? call?.held ?? [] : t.heldAtEntry) locksOnEntry.add(lockText(h));
      const events = own.events.filter((e) => SHOWN.has(e.kind) || (e.kind === 'call' && e.target === 'patch')).map((e) => ({
        kind: e.kind, line: opts.lineOf?.(e.loc.fn, e.loc.span.start), detail: describeEvent(e, label), locksHeld: e.held.map(lockText),
      }));
      for (const e of own.events) {
        if (e.kind === 'unknown-call') unknown.add(e.name);
        if (['write-entry', 'share', 'refcount', 'counter', 'tlb-flush', 'set-field', 'lock', 'unlock'].includes(e.kind)) effects.add(describeEvent(e, label));
      }
      const ret = own.events.filter((e) => e.kind === 'return').pop();
      const returns = ret && ret.kind === 'return' ? ret.value : t.end === 'bug' ? 'nothing (BUG fired)' : t.end === 'fallthrough' ? '(void)' : t.end === 'gap' ? '(the rest is not visible)' : t.returnText ?? t.end;
      const condition = own.conditions.join(' && ') || 'always';
      const key = `${run.scenario}|${condition}|${returns}|${events.map((e) => e.detail).join(';')}`;
      if (seen.has(key)) continue;
      seen.add(key);
      paths.push({ condition: run.scenario === 'none' ? condition : `[${run.scenario}] ${condition}`, returns, events });
      locksOnExit.push((callee && ret ? ret.held : t.heldAtExit).map(lockText));
    }
  }
  const incomplete = [...new Set(runs.flatMap((r) => r.incomplete))];
  return {
    function: name,
    scenario: [...new Set(runs.map((r) => r.scenario))].join(', '),
    context: [...new Set(runs.map((r) => (r.functionId === fnId ? r.contextDescription : `called from ${r.function} (${r.contextDescription})`)))].join('; '),
    paths, locksOnEntry: [...locksOnEntry], locksOnExit, effects: [...effects], unknownCalls: [...unknown], incomplete,
    complete: complete && incomplete.length === 0,
  };
}

/**
 * One line per distinct outcome of the scenario-free paths: what the
 * function does to locks and page tables under which condition, so a reader
 * gets "on hugetlb VMAs takes the VMA lock for read; otherwise nothing"
 * before the path-by-path detail.
 */
export function digest(s: Summary): string[] {
  const EFFECT = /^(takes|releases|writes|flushes|records)|share count|refcount|nr_p|may sleep/;
  const lines = new Map<string, string[]>();
  for (const p of s.paths.filter((x) => !x.condition.startsWith('['))) {
    const effects = [...new Set(p.events.map((e) => e.detail).filter((d) => EFFECT.test(d)).map((d) => d.replace(/ \([a-z_0-9]+\)$/, '')))];
    const what = effects.length ? effects.join(', ') : 'nothing to locks or page tables';
    lines.set(what, [...(lines.get(what) ?? []), p.condition]);
  }
  if (lines.size <= 1) return [...lines.keys()].map((w) => `in short: ${w}`);
  return [...lines].map(([what, conds]) => `when ${conds.length > 2 ? `${conds.slice(0, 2).join(' or ')} or ...` : conds.join(' or ')}: ${what}`);
}

export function renderSummary(s: Summary, pictures: { before: string[]; after: string[] } | undefined): string {
  const out: string[] = [];
  out.push(`${s.function}: ${s.paths.length} path${s.paths.length === 1 ? '' : 's'}${s.complete ? '' : ' (incomplete)'}`);
  out.push(...digest(s));
  out.push(`context: ${s.context || 'none'}`);
  out.push(`locks on entry: ${s.locksOnEntry.length ? s.locksOnEntry.join(', ') : 'none'}`);
  s.paths.forEach((p, i) => {
    out.push('');
    out.push(`path ${i + 1}: when ${p.condition}`);
    for (const e of p.events) out.push(`  ${e.line ? `line ${e.line}: ` : ''}${e.detail}${e.locksHeld.length && /writes|requires|sleep|share|refcount/.test(e.detail) ? `  [held: ${e.locksHeld.join(', ')}]` : ''}`);
    out.push(`  returns ${p.returns}; locks held at exit: ${s.locksOnExit[i]?.length ? s.locksOnExit[i].join(', ') : 'none'}`);
  });
  if (s.unknownCalls.length) out.push('', `unknown calls (not modelled): ${s.unknownCalls.join(', ')}`);
  if (s.incomplete.length) out.push('', `incomplete: ${s.incomplete.join('; ')}`);
  if (pictures && (pictures.before.length || pictures.after.length)) {
    out.push('', 'page tables before:', ...pictures.before.map((l) => `  ${l}`));
    out.push('page tables after:', ...pictures.after.map((l) => `  ${l}`));
  }
  return out.join('\n');
}
