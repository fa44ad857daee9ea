/**
 * A small decision procedure for path conditions: linear constraints over
 * atoms, solved by interval propagation. It is sound for pruning in the
 * direction that matters here: it only calls a path infeasible when the
 * constraints really contradict each other (x == 0 and x != 0; a flag test
 * and its negation; bounds that cross). Anything it cannot decide is
 * feasible, so a finding is never lost to the solver, only a prune.
 */
import { linearize, subtract, type Linear } from './linear.js';
import { isComparison, negate, type Term } from './term.js';

type Rel = 'le' | 'eq' | 'ne';

interface Constraint {
  lin: Linear;
  rel: Rel;
}

export interface Interval {
  lo?: bigint;
  hi?: bigint;
}

const MAX_DISJUNCTIONS = 4;
const ROUNDS = 24;

/** True unless the conjunction of the conditions is certainly unsatisfiable. */
export function feasible(conditions: readonly Term[]): boolean {
  return solve(conditions) !== undefined;
}

/** The interval of `term` under the conditions, or undefined when they are infeasible. */
export function boundsOf(conditions: readonly Term[], term: Term): Interval | undefined {
  const atoms = new Map<string, Term>();
  const target = linearize(term, atoms);
  const solved = solve(conditions, atoms);
  if (!solved) return undefined;
  return evalInterval(target, solved);
}

function solve(conditions: readonly Term[], extraAtoms?: Map<string, Term>): Map<string, Interval> | undefined {
  const atoms = extraAtoms ?? new Map<string, Term>();
  const base: Constraint[] = [];
  const disjunctions: Term[][] = [];
  for (const c of conditions) collectCached(c, atoms, base, disjunctions);
  return solveCases(base, disjunctions.slice(0, MAX_DISJUNCTIONS), atoms);
}

function solveCases(base: Constraint[], disjunctions: Term[][], atoms: Map<string, Term>): Map<string, Interval> | undefined {
  if (disjunctions.length === 0) return propagate(base, atoms);
  const [first, ...rest] = disjunctions;
  for (const alternative of first) {
    const more: Constraint[] = [];
    const nested: Term[][] = [];
    collect(alternative, atoms, more, nested);
    const result = solveCases([...base, ...more], [...rest, ...nested].slice(0, MAX_DISJUNCTIONS), atoms);
    if (result) return result;
  }
  return undefined;
}

/**
 * The atoms a condition constrains. A condition that shares no atom with a
 * (feasible) path condition cannot contradict it, so the branch can be
 * decided on the condition alone: most branches test a fresh unknown.
 */
const atomCache = new WeakMap<Term, string[]>();

export function atomsOf(t: Term): string[] {
  let atoms = atomCache.get(t);
  if (!atoms) {
    const found = new Map<string, Term>();
    gatherAtoms(t, found);
    atoms = [...found.keys()];
    atomCache.set(t, atoms);
  }
  return atoms;
}

/** Every atom under a condition, including those inside disjunctions (which the constraints keep unsplit). */
function gatherAtoms(t: Term, into: Map<string, Term>): void {
  if (t.t === 'op' && (t.op === 'land' || t.op === 'lor' || t.op === 'not')) {
    for (const a of t.args) gatherAtoms(a, into);
    return;
  }
  if (t.t === 'op' && isComparison(t.op)) {
    for (const a of t.args) gatherAtoms(a, into);
    return;
  }
  linearize(t, into);
}

interface Collected {
  constraints: Constraint[];
  disjunctions: Term[][];
  atoms: [string, Term][];
}

/** Terms are interned, so a condition's constraints are worked out once and reused on every path that has it. */
const collected = new WeakMap<Term, Collected>();

function collectCached(t: Term, atoms: Map<string, Term>, out: Constraint[], disjunctions: Term[][]): void {
  let c = collected.get(t);
  if (!c) {
    const own = new Map<string, Term>();
    const constraints: Constraint[] = [];
    const dj: Term[][] = [];
    collect(t, own, constraints, dj);
    c = { constraints, disjunctions: dj, atoms: [...own] };
    collected.set(t, c);
  }
  for (const [k, v] of c.atoms) atoms.set(k, v);
  for (const x of c.constraints) out.push(x);
  for (const d of c.disjunctions) disjunctions.push(d);
}

/** Turns one boolean term into constraints; a disjunction is kept for case splitting. */
function collect(t: Term, atoms: Map<string, Term>, out: Constraint[], disjunctions: Term[][]): void {
  if (t.t === 'const') {
    if (t.v === 0n) out.push({ lin: { coeffs: new Map(), constant: 1n }, rel: 'eq' });
    return;
  }
  if (t.t === 'op') {
    if (t.op === 'land') {
      for (const a of t.args) collect(a, atoms, out, disjunctions);
      return;
    }
    if (t.op === 'lor') {
      disjunctions.push(t.args);
      return;
    }
    if (t.op === 'not') {
      collect(negate(t.args[0]), atoms, out, disjunctions);
      return;
    }
    if (isComparison(t.op)) {
      const [a, b] = t.args;
      const boolCmp = booleanComparison(t.op, a, b);
      if (boolCmp) return collect(boolCmp, atoms, out, disjunctions);
      const diff = subtract(linearize(a, atoms), linearize(b, atoms));
      pushComparison(t.op, diff, out);
      return;
    }
  }
  out.push({ lin: linearize(t, atoms), rel: 'ne' });
}

/** `(x == y) == 0` is `x != y`: keep the link between a stored boolean and its test. */
function booleanComparison(opName: string, a: Term, b: Term): Term | undefined {
  const isBool = (x: Term) => x.t === 'op' && (isComparison(x.op) || x.op === 'not' || x.op === 'land' || x.op === 'lor');
  const zero = (x: Term) => x.t === 'const' && x.v === 0n;
  const one = (x: Term) => x.t === 'const' && x.v === 1n;
  if (isBool(a) && (zero(b) || one(b))) {
    if (opName === 'eq') return zero(b) ? negate(a) : a;
    if (opName === 'ne') return zero(b) ? a : negate(a);
  }
  if (isBool(b) && (zero(a) || one(a))) return booleanComparison(opName, b, a);
  return undefined;
}

function pushComparison(opName: string, diff: Linear, out: Constraint[]): void {
  const neg = (l: Linear): Linear => ({ coeffs: new Map([...l.coeffs].map(([k, c]) => [k, -c])), constant: -l.constant });
  const plus = (l: Linear, k: bigint): Linear => ({ coeffs: l.coeffs, constant: l.constant + k });
  switch (opName) {
    case 'eq': out.push({ lin: diff, rel: 'eq' }); break;
    case 'ne': out.push({ lin: diff, rel: 'ne' }); break;
    case 'lt': out.push({ lin: plus(diff, 1n), rel: 'le' }); break;
    case 'le': out.push({ lin: diff, rel: 'le' }); break;
    case 'gt': out.push({ lin: plus(neg(diff), 1n), rel: 'le' }); break;
    case 'ge': out.push({ lin: neg(diff), rel: 'le' }); break;
  }
}

function initialDomains(atoms: Map<string, Term>): Map<string, Interval> {
  const dom = new Map<string, Interval>();
  for (const [k, t] of atoms) dom.set(k, domainOf(t));
  return dom;
}

/** What the type or the shape of an atom says about its range. */
function domainOf(t: Term): Interval {
  if (t.t === 'sym') return { lo: t.min, hi: t.max };
  if (t.t === 'op') {
    if (isComparison(t.op) || t.op === 'not' || t.op === 'land' || t.op === 'lor') return { lo: 0n, hi: 1n };
    if (t.op === 'and') {
      const mask = t.args.find((a) => a.t === 'const');
      if (mask && mask.t === 'const' && mask.v >= 0n) return { lo: 0n, hi: mask.v };
    }
    // A table index is below PTRS_PER_* (512 on x86-64), so an entry pointer
    // `&table + pte_index(addr)` can never be NULL.
    if (t.op === 'app' && /^(pgd|p4d|pud|pmd|pte)_index$/.test(t.fn ?? '')) return { lo: 0n, hi: 511n };
  }
  return {};
}

function propagate(constraints: Constraint[], atoms: Map<string, Term>): Map<string, Interval> | undefined {
  const dom = initialDomains(atoms);
  for (const c of constraints) for (const k of c.lin.coeffs.keys()) if (!dom.has(k)) dom.set(k, {});
  for (let round = 0; round < ROUNDS; round++) {
    let changed = false;
    for (const c of constraints) {
      const r = applyConstraint(c, dom);
      if (r === 'infeasible') return undefined;
      if (r === 'changed') changed = true;
    }
    if (!changed) break;
  }
  return dom;
}

function applyConstraint(c: Constraint, dom: Map<string, Interval>): 'infeasible' | 'changed' | 'same' {
  if (c.rel === 'ne') return applyDisequality(c.lin, dom);
  let changed = false;
  const forms: Linear[] = c.rel === 'eq' ? [c.lin, negated(c.lin)] : [c.lin];
  for (const lin of forms) {
    // The lower bound of every term once, then "the rest" for each variable
    // by subtracting its own term: no new Linear per variable.
    let sumLo = lin.constant;
    let unbounded = 0;
    const terms: { k: string; coeff: bigint; lo: bigint | undefined }[] = [];
    for (const [k, coeff] of lin.coeffs) {
      const d = dom.get(k)!;
      const bound = coeff > 0n ? d.lo : d.hi;
      const lo = bound === undefined ? undefined : coeff * bound;
      if (lo === undefined) unbounded++;
      else sumLo += lo;
      terms.push({ k, coeff, lo });
    }
    if (unbounded === 0 && sumLo > 0n) return 'infeasible';
    for (const { k, coeff, lo } of terms) {
      const restLo = lo !== undefined ? (unbounded === 0 ? sumLo - lo : undefined) : (unbounded === 1 ? sumLo : undefined);
      if (restLo === undefined) continue;
      // coeff * x + rest <= 0, so coeff * x <= -rest.lo.
      const bound = -restLo;
      const d = dom.get(k)!;
      if (coeff > 0n) {
        const hi = floorDiv(bound, coeff);
        if (d.hi === undefined || hi < d.hi) { d.hi = hi; changed = true; }
      } else {
        const newLo = ceilDiv(bound, coeff);
        if (d.lo === undefined || newLo > d.lo) { d.lo = newLo; changed = true; }
      }
      if (d.lo !== undefined && d.hi !== undefined && d.lo > d.hi) return 'infeasible';
    }
  }
  return changed ? 'changed' : 'same';
}

function applyDisequality(lin: Linear, dom: Map<string, Interval>): 'infeasible' | 'changed' | 'same' {
  const free = [...lin.coeffs.keys()].filter((k) => !fixed(dom.get(k)!));
  if (free.length === 0) {
    const v = evalInterval(lin, dom);
    return v.lo === 0n && v.hi === 0n ? 'infeasible' : 'same';
  }
  if (free.length > 1) return 'same';
  const k = free[0];
  const coeff = lin.coeffs.get(k)!;
  const rest = evalInterval(withoutKey(lin, k), dom);
  if (rest.lo === undefined || rest.lo !== rest.hi) return 'same';
  if ((-rest.lo) % coeff !== 0n) return 'same';
  const forbidden = -rest.lo / coeff;
  const d = dom.get(k)!;
  if (d.lo === forbidden) { d.lo = forbidden + 1n; return d.hi !== undefined && d.lo > d.hi ? 'infeasible' : 'changed'; }
  if (d.hi === forbidden) { d.hi = forbidden - 1n; return d.lo !== undefined && d.lo > d.hi ? 'infeasible' : 'changed'; }
  return 'same';
}

function fixed(d: Interval): boolean {
  return d.lo !== undefined && d.lo === d.hi;
}

function negated(l: Linear): Linear {
  return { coeffs: new Map([...l.coeffs].map(([k, c]) => [k, -c])), constant: -l.constant };
}

function withoutKey(l: Linear, key: string): Linear {
  const coeffs = new Map(l.coeffs);
  coeffs.delete(key);
  return { coeffs, constant: l.constant };
}

function evalInterval(l: Linear, dom: Map<string, Interval>): Interval {
  let lo: bigint | undefined = l.constant;
  let hi: bigint | undefined = l.constant;
  for (const [k, c] of l.coeffs) {
    const d = dom.get(k) ?? {};
    const [a, b] = c > 0n ? [d.lo, d.hi] : [d.hi, d.lo];
    lo = lo === undefined || a === undefined ? undefined : lo + c * a;
    hi = hi === undefined || b === undefined ? undefined : hi + c * b;
  }
  return { lo, hi };
}

function floorDiv(a: bigint, b: bigint): bigint {
  const q = a / b;
  return (a % b !== 0n && (a < 0n) !== (b < 0n)) ? q - 1n : q;
}

function ceilDiv(a: bigint, b: bigint): bigint {
  const q = a / b;
  return (a % b !== 0n && (a < 0n) === (b < 0n)) ? q + 1n : q;
}

