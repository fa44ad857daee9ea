/**
 * Why an assertion cannot fire, in a reviewer's words, built from what the
 * simulation knows rather than from the raw path condition:
 *
 * - the path conditions the solver needs to rule the assertion out (a
 *   smallest subset, found by dropping one condition at a time);
 * - the facts kernel API models attach to a return value (a model case's
 *   `means`: "hugetlb_vma_data_alloc(vma) returned 0" means vm_private_data
 *   is set), when they speak about what the assertion tests;
 * - the premises of those facts: the path conditions that satisfy the
 *   model case's own test (eligibility gave VM_MAYSHARE, and the 0 return
 *   means vm_private_data is set only for a VM_MAYSHARE VMA).
 *
 * Seed 000's BUG_ON(!data) reads: hugetlb_hgm_eligible(vma) holds, so
 * vma->vm_flags & VM_MAYSHARE; and hugetlb_vma_data_alloc(vma) returned 0,
 * which for that VMA means vm_private_data is set.
 */
import { CONSTANTS } from '../../../../simulator/src/interp/constants.js';
import { getModel } from '../../../../simulator/src/models/index.js';
import type { ReturnCase } from '../../../../simulator/src/models/schema.js';
import { printTerm } from '../../../../simulator/src/solver/print.js';
import { feasible } from '../../../../simulator/src/solver/solve.js';
import { truthy, type Term } from '../../../../simulator/src/solver/term.js';
import type { Condition, Trace, TraceEvent } from '../../../../simulator/src/trace.js';
import { conditionWords } from './path-text.js';

type BugEvent = TraceEvent & { kind: 'bug' };

const VM_FLAG_NAMES = new Map([...CONSTANTS].filter(([k]) => /^VM_[A-Z_]+$/.test(k) && k !== 'VM_LOCKED_MASK').map(([k, v]) => [v, k]));

/** A term as C a reviewer would write, with VMA flag bits by name and truth tests without "0 !=". */
export function readableTerm(t: Term): string {
  if (t.t === 'op') {
    const [a, b] = t.args;
    const isZero = (x: Term | undefined) => x?.t === 'const' && x.v === 0n;
    if (t.op === 'ne' && (isZero(a) || isZero(b))) return readableTerm(isZero(a) ? b : a);
    if (t.op === 'eq' && (isZero(a) || isZero(b))) return `!${wrap(readableTerm(isZero(a) ? b : a))}`;
    if (t.op === 'and' && (a.t === 'const' || b.t === 'const')) {
      const [c, x] = a.t === 'const' ? [a, b] : [b, a];
      const flag = c.t === 'const' ? VM_FLAG_NAMES.get(c.v) : undefined;
      if (flag) return `${readableTerm(x)} & ${flag}`;
    }
  }
  return printTerm(t).replace(/^\((.*)\)$/s, '$1');
}

function wrap(s: string): string {
  return /^[\w>.-]+$/.test(s) ? s : `(${s})`;
}

/** A printed term that only makes sense inside the simulator (object ids, loop counters). */
function opaque(s: string): boolean {
  return /object \d+|iterations of|&\w/.test(s);
}

/** The smallest set of conditions (by dropping one at a time) under which `goal` is impossible. */
function core(conditions: readonly Condition[], goal: Term): Condition[] {
  const t = truthy(goal);
  if (t.t === 'const') return [];
  let kept = [...conditions];
  if (feasible([...kept.map((c) => c.term), t])) return kept;
  for (const c of conditions) {
    const without = kept.filter((k) => k !== c);
    if (!feasible([...without.map((k) => k.term), t])) kept = without;
  }
  return kept;
}

interface ModelFact {
  call: string;
  value: string;
  means: string[];
  /** The model case's own test, with the model's parameters replaced by the call's arguments. */
  when: string[];
}

/** The model case a "X(args) returned V: means" condition came from, with its test in the caller's words. */
function modelFact(c: Condition): ModelFact | undefined {
  const m = c.why ? /^((\w+)\((.*)\)) returned (.+?): (.+)$/s.exec(c.why) : null;
  if (!m) return undefined;
  const [, call, name, argText, value, means] = m;
  const model = getModel(name);
  const kase: ReturnCase | undefined = model?.cases?.find((k) => k.means === means && k.value === value);
  const args = argText.split(/,\s*/);
  const subst = (text: string) => (model?.params ?? []).reduce((acc, p, i) => (args[i] ? acc.replace(new RegExp(`\\b${p}\\b`, 'g'), args[i]) : acc), text);
  const when = kase?.when ? kase.when.split(/\s*&&\s*/).map((w) => subst(w.replace(/^\((.*)\)$/s, '$1').trim())) : [];
  return { call, value, means: [means], when };
}

/** Field and function names a text mentions (vm_private_data, hugetlb_vma_data_alloc): what ties facts together. */
function names(text: string): Set<string> {
  return new Set(text.match(/\b[a-z][a-z0-9]*_[a-z0-9_]+\b/g) ?? []);
}

function shares(a: Set<string>, b: Set<string>): boolean {
  for (const x of a) if (b.has(x)) return true;
  return false;
}

export interface NotFiringReason {
  premises: string[];
  facts: ModelFact[];
  tested: string[];
  /** What the asserted expression stands for, when the source hides it ("data" is vma->vm_private_data). */
  reads?: string;
}

/** The reasons one path gives for an assertion that cannot fire there. */
export function whyNotFiring(trace: Trace, e: BugEvent): NotFiringReason {
  const own = (c: Condition) => c.loc && c.loc.fn === e.loc.fn && c.loc.span.start === e.loc.span.start && c.loc.span.end === e.loc.span.end;
  const before = trace.conditions.slice(0, e.pcLength).filter((c) => !own(c));
  const needed = e.term ? core(before, e.term) : [];
  const goalText = e.term ? readableTerm(truthy(e.term)) : e.condition;
  const goalNames = names(goalText);
  const facts: ModelFact[] = [];
  for (const c of before) {
    const f = modelFact(c);
    if (!f) continue;
    // A model fact matters when it speaks about what the assertion tests,
    // or about a condition the solver needed.
    const about = names(`${f.means.join(' ')} ${f.when.join(' ')} ${f.call}`);
    if (shares(about, goalNames) || needed.some((n) => shares(about, names(readableTerm(n.term))))) facts.push(f);
  }
  const premises: string[] = [];
  for (const f of facts) {
    for (const atom of f.when) {
      // The premises are the case's other preconditions: an atom about what
      // the assertion tests is the fact's conclusion, not its premise.
      if (atom.startsWith('!') || shares(names(atom), goalNames)) continue;
      const c = before.find((x) => !modelFact(x) && readableTerm(x.term) === atom);
      if (c && !premises.some((p) => p.startsWith(c.text))) premises.push(c.text === atom ? `${atom} holds` : `${conditionWords(c)} holds, so ${atom}`);
    }
  }
  // A needed condition a model fact already explains (the model's own case
  // test, or one about what the fact speaks of) is not repeated.
  const factNames = names(facts.flatMap((f) => [...f.means, ...f.when]).join(' '));
  const tested = needed
    .filter((c) => !modelFact(c) && !premises.some((p) => p.startsWith(c.text)))
    .filter((c) => facts.length === 0 || !(c.loc?.fn.startsWith('model:') || shares(names(readableTerm(c.term)), factNames)))
    .map((c) => {
      const term = readableTerm(c.term);
      const words = conditionWords(c);
      const shown = words === term || opaque(term) ? words : `${words} (${term})`;
      return c.loc && c.loc.fn !== e.loc.fn ? `${shown} holds (tested in ${c.loc.fn.split(':').pop()!.split('#')[0]}())` : `${shown} holds`;
    });
  const reads = e.term && !opaque(goalText) && readableTerm(truthy(e.term)) !== e.condition ? goalText : undefined;
  return { premises, facts, tested, reads };
}

/** All paths' reasons as one sentence (without the leading "cannot fire:"), or undefined when none was found. */
export function explainNotFiring(reasons: readonly NotFiringReason[], condition?: string): string | undefined {
  const premises = [...new Set(reasons.flatMap((r) => r.premises))];
  const tested = [...new Set(reasons.flatMap((r) => r.tested))];
  const byCall = new Map<string, ModelFact>();
  for (const f of reasons.flatMap((r) => r.facts)) {
    const key = `${f.call} returned ${f.value}`;
    const known = byCall.get(key);
    if (known) known.means = [...new Set([...known.means, ...f.means])];
    else byCall.set(key, { ...f, means: [...f.means] });
  }
  const facts = [...byCall.entries()].map(([key, f]) => `${key}, which ${premises.length ? 'then ' : ''}means ${f.means.join(', or ')}`);
  const reads = [...new Set(reasons.map((r) => r.reads).filter((r): r is string => !!r))];
  const parts = [...premises, ...facts, ...tested];
  if (parts.length === 0) return undefined;
  const tail = reads.length === 1 && !facts.length && condition ? `, and ${condition} is ${reads[0]} there` : '';
  return `on every simulated path that reaches it, ${parts.join('; and ')}${tail}`;
}
