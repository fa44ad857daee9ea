/**
 * Symbolic values. Every C value the interpreter computes is a Term: a
 * constant, a symbol (an unknown chosen once and reused, so two reads of the
 * same field or two calls of the same pure function agree), the address of a
 * simulated object plus an element offset, or an operation over terms.
 *
 * Terms are hash-consed by their `key`, so structurally equal terms are the
 * same object and the solver can treat any non-linear subterm as an atom.
 */

export type Term = ConstTerm | SymTerm | AddrTerm | OpTerm;

export interface ConstTerm {
  t: 'const';
  v: bigint;
  key: string;
}

export interface SymTerm {
  t: 'sym';
  id: number;
  /** How a reviewer would write it: "vma->vm_private_data", "hugetlb_vma_data_alloc(vma)". */
  name: string;
  /** Domain from the C type; unsigned and pointer values are >= 0. */
  min?: bigint;
  max?: bigint;
  key: string;
}

/** The address of object `obj` plus `off` elements (array index or struct page index). */
export interface AddrTerm {
  t: 'addr';
  obj: number;
  off: Term;
  key: string;
}

export type OpName =
  | 'add' | 'sub' | 'mul' | 'div' | 'mod' | 'shl' | 'shr' | 'and' | 'or' | 'xor' | 'neg' | 'bnot'
  | 'eq' | 'ne' | 'lt' | 'le' | 'gt' | 'ge' | 'not' | 'land' | 'lor'
  /** An opaque application: a pure function of its arguments (pud_index(addr), ...). */
  | 'app';

export interface OpTerm {
  t: 'op';
  op: OpName;
  args: Term[];
  /** For 'app': the function name. */
  fn?: string;
  key: string;
}

/**
 * Interning: structurally equal terms are one object. Compound terms get a
 * short key of their own (`~n`), and the structure is looked up by the keys
 * of their parts, so keys stay short however deep a term is. Counters never
 * restart, so a term kept by a cached run never shares a key with a later one.
 */
const interned = new Map<string, Term>();
let nextSymId = 1;
let nextCompoundId = 1;

function intern<T extends Term>(term: T, structure = term.key): T {
  const found = interned.get(structure);
  if (found) return found as T;
  if (structure !== term.key || term.t === 'op' || term.t === 'addr') (term as { key: string }).key = `~${nextCompoundId++}`;
  interned.set(structure, term);
  return term;
}

/** Whether `t` is or contains `part` (terms are interned, so identity is structure). */
export function mentions(t: Term, part: Term): boolean {
  if (t === part) return true;
  if (t.t === 'addr') return mentions(t.off, part);
  if (t.t === 'op') return t.args.some((a) => mentions(a, part));
  return false;
}

/**
 * Drops interned terms; called at the start of every analysis to bound
 * memory. Symbol ids keep counting, so a term kept by a cached run never
 * shares a key with a term made later.
 */
export function resetTerms(): void {
  interned.clear();
}

export function constant(v: bigint | number): ConstTerm {
  const b = typeof v === 'bigint' ? v : BigInt(Math.trunc(v));
  return intern({ t: 'const', v: b, key: `#${b}` });
}

export const ZERO = constant(0);
export const ONE = constant(1);

export function fresh(name: string, min?: bigint, max?: bigint): SymTerm {
  const id = nextSymId++;
  return intern({ t: 'sym', id, name, min, max, key: `$${id}` });
}

export function addr(obj: number, off: Term = ZERO): AddrTerm {
  const structure = `@${obj}+${off.key}`;
  return intern({ t: 'addr', obj, off, key: structure }, structure);
}

export function app(fn: string, args: Term[]): OpTerm {
  const structure = `${fn}(${args.map((a) => a.key).join(',')})`;
  return intern({ t: 'op', op: 'app', fn, args, key: structure }, structure);
}

const COMMUTATIVE = new Set<OpName>(['add', 'mul', 'and', 'or', 'xor', 'eq', 'ne', 'land', 'lor']);

export function op(name: OpName, ...args: Term[]): Term {
  const folded = foldConstants(name, args);
  if (folded) return folded;
  const ordered = COMMUTATIVE.has(name) ? [...args].sort((a, b) => (a.key < b.key ? -1 : a.key > b.key ? 1 : 0)) : args;
  const structure = `(${name} ${ordered.map((a) => a.key).join(' ')})`;
  return intern({ t: 'op', op: name, args: ordered, key: structure }, structure);
}

function bool(b: boolean): ConstTerm {
  return b ? ONE : ZERO;
}

function foldConstants(name: OpName, args: Term[]): Term | undefined {
  if (name === 'app') return undefined;
  const [a, b] = args;
  if (a.t === 'addr' && b && b.t === 'const') {
    if (name === 'add') return addr(a.obj, op('add', a.off, b));
    if (name === 'sub') return addr(a.obj, op('sub', a.off, b));
  }
  if (a.t === 'addr' && b && b.t === 'addr' && name === 'sub' && a.obj === b.obj) return op('sub', a.off, b.off);
  if (!args.every((x) => x.t === 'const')) return simplifyPartial(name, args);
  const x = (a as ConstTerm).v;
  const y = b ? (b as ConstTerm).v : 0n;
  switch (name) {
    case 'add': return constant(x + y);
    case 'sub': return constant(x - y);
    case 'mul': return constant(x * y);
    case 'div': return y === 0n ? undefined : constant(x / y);
    case 'mod': return y === 0n ? undefined : constant(x % y);
    case 'shl': return constant(x << y);
    case 'shr': return constant(x >> y);
    case 'and': return constant(x & y);
    case 'or': return constant(x | y);
    case 'xor': return constant(x ^ y);
    case 'neg': return constant(-x);
    case 'bnot': return constant(~x);
    case 'eq': return bool(x === y);
    case 'ne': return bool(x !== y);
    case 'lt': return bool(x < y);
    case 'le': return bool(x <= y);
    case 'gt': return bool(x > y);
    case 'ge': return bool(x >= y);
    case 'not': return bool(x === 0n);
    case 'land': return bool(x !== 0n && y !== 0n);
    case 'lor': return bool(x !== 0n || y !== 0n);
  }
  return undefined;
}

/** Identities that keep terms small: x + 0, x * 1, x & 0, !!cmp, and so on. */
function simplifyPartial(name: OpName, args: Term[]): Term | undefined {
  const [a, b] = args;
  const isC = (t: Term | undefined, v: bigint) => t !== undefined && t.t === 'const' && t.v === v;
  switch (name) {
    case 'add': if (isC(b, 0n)) return a; if (isC(a, 0n)) return b; break;
    case 'sub': if (isC(b, 0n)) return a; if (a === b) return ZERO; break;
    case 'mul': if (isC(b, 1n)) return a; if (isC(a, 1n)) return b; if (isC(a, 0n) || isC(b, 0n)) return ZERO; break;
    case 'and': if (isC(a, 0n) || isC(b, 0n)) return ZERO; break;
    case 'or': if (isC(b, 0n)) return a; if (isC(a, 0n)) return b; break;
    case 'shl': case 'shr': if (isC(b, 0n)) return a; break;
    case 'eq': if (a === b) return ONE; break;
    case 'ne': if (a === b) return ZERO; break;
    case 'not': if (a.t === 'op' && isComparison(a.op)) return negate(a); break;
  }
  return undefined;
}

export function isComparison(name: OpName): boolean {
  return name === 'eq' || name === 'ne' || name === 'lt' || name === 'le' || name === 'gt' || name === 'ge';
}

const NEGATED: Partial<Record<OpName, OpName>> = { eq: 'ne', ne: 'eq', lt: 'ge', ge: 'lt', gt: 'le', le: 'gt' };

/** The logical negation of a boolean-valued term. */
export function negate(t: Term): Term {
  if (t.t === 'const') return bool(t.v === 0n);
  if (t.t === 'op') {
    const n = NEGATED[t.op];
    if (n) return op(n, t.args[0], t.args[1]);
    if (t.op === 'not') return truthy(t.args[0]);
    if (t.op === 'land') return op('lor', negate(t.args[0]), negate(t.args[1]));
    if (t.op === 'lor') return op('land', negate(t.args[0]), negate(t.args[1]));
  }
  return op('eq', t, ZERO);
}

/** The condition "t is true" in C: comparisons stay, anything else becomes t != 0. */
export function truthy(t: Term): Term {
  if (t.t === 'op' && (isComparison(t.op) || t.op === 'not' || t.op === 'land' || t.op === 'lor')) return t;
  if (t.t === 'const') return bool(t.v !== 0n);
  return op('ne', t, ZERO);
}
