/**
 * mm/page-arith-gigantic: plain struct page pointer arithmetic (page++,
 * page + n) that can leave a memory section inside a gigantic folio. On
 * SPARSEMEM without VMEMMAP each section's struct pages are allocated apart,
 * so only nth_page()/folio_page() (through the pfn) are right across a
 * section boundary (R23). The simulator records every such move with the
 * scenario's section size; the check asks the solver for a witness: the
 * smallest loop count at which the pointer crosses.
 */
import { loopCounterNames } from '../../../../simulator/src/interp/loops.js';
import { boundsOf, feasible } from '../../../../simulator/src/solver/solve.js';
import { constant, op, type SymTerm, type Term } from '../../../../simulator/src/solver/term.js';
import type { Trace, TraceEvent } from '../../../../simulator/src/trace.js';
import { dedupe, functionName, incompleteNote, sourceAt } from './helpers.js';
import { seenOn } from './pgtable-helpers.js';
import type { Check, RawFinding, RawFix } from './types.js';

type ArithEvent = TraceEvent & { kind: 'page-arith' };

function symsOf(t: Term, out: SymTerm[] = []): SymTerm[] {
  if (t.t === 'sym') out.push(t);
  else if (t.t === 'addr') symsOf(t.off, out);
  else if (t.t === 'op') t.args.forEach((a) => symsOf(a, out));
  return out;
}

interface Witness {
  boundary: bigint;
  counter?: { name: string; firstUse: bigint };
}

/** Pins the pointer's starting offset at its lowest value and looks for a crossing of the next boundary. */
export function crossingWitness(pc: Term[], e: ArithEvent): Witness | undefined {
  const S = BigInt(e.sectionPages ?? 0);
  if (S <= 0n) return undefined;
  const syms = [...new Map(symsOf(e.from).map((s) => [s.key, s])).values()];
  const counters = syms.filter((s) => loopCounterNames.has(s));
  const pinned = [...pc];
  for (const s of syms.filter((x) => !loopCounterNames.has(x))) {
    const lo = boundsOf(pinned, s)?.lo;
    if (lo !== undefined) pinned.push(op('eq', s, constant(lo)));
  }
  const lo = boundsOf(pinned, e.from)?.lo ?? 0n;
  const boundary = (lo / S + 1n) * S;
  const crossing = [...pinned, op('le', e.from, constant(boundary - 1n)), op('ge', op('add', e.from, e.delta), constant(boundary))];
  if (!feasible(crossing)) return undefined;
  const counter = counters[0];
  if (!counter) return { boundary };
  const n = boundsOf(crossing, counter)?.lo;
  return { boundary, counter: n === undefined ? undefined : { name: loopCounterNames.get(counter)!, firstUse: n + 1n } };
}

function nthPageFix(e: ArithEvent, text: string, counter?: string): RawFix[] {
  const inc = /^(\w+)\s*\+\+$|^\+\+\s*(\w+)$/.exec(text);
  const plus = /^(\w+)\s*\+\s*(.+)$/.exec(text);
  let replacement: string | undefined;
  if (inc && counter) replacement = `nth_page(${inc[1] ?? inc[2]}, ${counter})`;
  else if (plus) replacement = `nth_page(${plus[1]}, ${plus[2]})`;
  return replacement ? [{ title: `Use ${replacement}`, edits: [{ loc: e.loc, newText: replacement }] }] : [];
}

export const pageArithGigantic: Check = {
  id: 'mm/page-arith-gigantic',
  defaultSeverity: 'warning',
  title: 'struct page pointer arithmetic can cross a memory section inside a gigantic page; nth_page() is needed',
  enforces: 'R23',
  run({ runs, program }) {
    const out: RawFinding[] = [];
    for (const run of runs) {
      for (const trace of run.traces) {
        for (const e of trace.events) {
          if (e.kind !== 'page-arith') continue;
          const w = crossingWitness(pcAt(trace, e), e);
          if (!w) continue;
          const text = sourceAt(program, e.loc) || e.text;
          const sections = `${e.sectionPages} struct pages per section`;
          const at = w.counter ? ` at ${w.counter.name} = ${w.counter.firstUse}` : '';
          out.push({ ruleId: this.id, severity: this.defaultSeverity, loc: e.loc, function: functionName(program, e.loc.fn),
            message: `${text} moves a struct page pointer with plain arithmetic; in a gigantic folio on SPARSEMEM without VMEMMAP (${sections}) it crosses a memory-section boundary${at} (struct page ${w.boundary} is the first of the next section), where the memmap is not contiguous; use nth_page() or folio_page(), which go through the pfn (R23). ${seenOn(run, trace, e, { condition: false })}`,
            related: [], fixes: nthPageFix(e, text, w.counter?.name), incomplete: incompleteNote(run, trace) });
        }
      }
    }
    return dedupe(out);
  },
};

function pcAt(trace: Trace, e: { pcLength: number }): Term[] {
  return trace.conditions.slice(0, e.pcLength).map((c) => c.term);
}
