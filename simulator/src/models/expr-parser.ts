/**
 * A small recursive-descent parser for the C expressions inside model
 * entries (conditions, values, object and lock references), producing the
 * same `Expr` nodes the frontend gives the interpreter, so one evaluator
 * serves both. Models are our own data: bad input throws, and the library
 * test makes every string of every model go through here.
 *
 * Supported: identifiers, integer literals (decimal, octal, hex, binary, with
 * u/l suffixes), parentheses, calls, `->` and `.` members, indexing, the
 * unary operators ! - + ~ * &, the binary operators of C with C precedence
 * and associativity, and the ternary operator. Casts, assignments, the comma
 * operator and literals other than integers are not needed by models and are
 * rejected.
 */
import type { BinaryOp, Expr, UnaryOp } from '../ast.js';
import type { Span } from '../span.js';

export class ModelSyntaxError extends Error {
  constructor(
    readonly reason: string,
    /** Offset into `text` where the problem is. */
    readonly pos: number,
    readonly text: string,
  ) {
    super(`${reason} at offset ${pos} in model expression "${text}"\n  ${text}\n  ${' '.repeat(pos)}^`);
    this.name = 'ModelSyntaxError';
  }
}

type TokKind = 'ident' | 'number' | 'punct' | 'eof';
interface Token {
  kind: TokKind;
  text: string;
  start: number;
  end: number;
}

// Longest first, so that `->` wins over `-` and `<<` over `<`.
const PUNCTUATORS = [
  '->', '<<', '>>', '<=', '>=', '==', '!=', '&&', '||', '++', '--',
  '+', '-', '*', '/', '%', '<', '>', '&', '|', '^', '!', '~', '?', ':', '(', ')', '[', ']', '.', ',', '=', ';',
];

function tokenize(text: string): Token[] {
  const toks: Token[] = [];
  let i = 0;
  while (i < text.length) {
    const c = text[i];
    if (/\s/.test(c)) {
      i++;
      continue;
    }
    const start = i;
    if (/[A-Za-z_]/.test(c)) {
      while (i < text.length && /[A-Za-z0-9_]/.test(text[i])) i++;
      toks.push({ kind: 'ident', text: text.slice(start, i), start, end: i });
      continue;
    }
    if (/[0-9]/.test(c)) {
      while (i < text.length && /[A-Za-z0-9_]/.test(text[i])) i++;
      toks.push({ kind: 'number', text: text.slice(start, i), start, end: i });
      continue;
    }
    const p = PUNCTUATORS.find((q) => text.startsWith(q, i));
    if (!p) throw new ModelSyntaxError(`unexpected character '${c}'`, i, text);
    i += p.length;
    toks.push({ kind: 'punct', text: p, start, end: i });
  }
  toks.push({ kind: 'eof', text: '', start: text.length, end: text.length });
  return toks;
}

/** Parses an integer literal the way C does (the value is approximate above 2^53). */
function numberValue(tok: Token, text: string): number {
  const m = /^(0[xX][0-9a-fA-F]+|0[bB][01]+|[0-9]+)([uUlL]*)$/.exec(tok.text);
  if (!m || !/^(u?l{0,2}|l{0,2}u?)$/i.test(m[2])) throw new ModelSyntaxError(`malformed number '${tok.text}'`, tok.start, text);
  const digits = m[1];
  if (/^0[xX]/.test(digits)) return parseInt(digits.slice(2), 16);
  if (/^0[bB]/.test(digits)) return parseInt(digits.slice(2), 2);
  if (digits.length > 1 && digits[0] === '0') {
    if (/[89]/.test(digits)) throw new ModelSyntaxError(`malformed octal number '${tok.text}'`, tok.start, text);
    return parseInt(digits, 8);
  }
  return parseInt(digits, 10);
}

// Binary operators from loosest to tightest binding; all are left-associative.
const BINARY_LEVELS: BinaryOp[][] = [
  ['||'],
  ['&&'],
  ['|'],
  ['^'],
  ['&'],
  ['==', '!='],
  ['<', '<=', '>', '>='],
  ['<<', '>>'],
  ['+', '-'],
  ['*', '/', '%'],
];
const UNARY_OPS: readonly string[] = ['!', '-', '+', '~', '*', '&'];

class Parser {
  private readonly toks: Token[];
  private i = 0;

  constructor(private readonly text: string) {
    this.toks = tokenize(text);
  }

  parseAll(): Expr {
    if (this.peek().kind === 'eof') throw new ModelSyntaxError('empty expression', 0, this.text);
    const e = this.ternary();
    const t = this.peek();
    if (t.kind !== 'eof') throw this.unexpected(t, 'end of expression');
    return e;
  }

  private peek(): Token {
    return this.toks[this.i];
  }

  private next(): Token {
    return this.toks[this.i++];
  }

  private isPunct(p: string): boolean {
    const t = this.peek();
    return t.kind === 'punct' && t.text === p;
  }

  private expect(p: string): Token {
    const t = this.peek();
    if (t.kind !== 'punct' || t.text !== p) throw this.unexpected(t, `'${p}'`);
    return this.next();
  }

  private unexpected(t: Token, wanted: string): ModelSyntaxError {
    const what = t.kind === 'eof' ? 'end of input' : `'${t.text}'`;
    let reason = `expected ${wanted} but found ${what}`;
    if (t.text === '=' || t.text === ',' || t.text === ';' || t.text === '++' || t.text === '--') {
      reason += ' (assignments, commas and ++/-- are not allowed in model expressions)';
    }
    return new ModelSyntaxError(reason, t.start, this.text);
  }

  private span(start: number, end: number): Span {
    return { start, end };
  }

  private ternary(): Expr {
    const test = this.binary(0);
    if (!this.isPunct('?')) return test;
    this.next();
    const then = this.ternary();
    this.expect(':');
    // The else branch is itself a conditional expression: C's ?: is right-associative.
    const otherwise = this.ternary();
    return { kind: 'conditional', test, then, otherwise, span: this.span(test.span.start, otherwise.span.end) };
  }

  private binary(level: number): Expr {
    if (level === BINARY_LEVELS.length) return this.unary();
    let left = this.binary(level + 1);
    for (;;) {
      const t = this.peek();
      if (t.kind !== 'punct' || !(BINARY_LEVELS[level] as string[]).includes(t.text)) return left;
      this.next();
      const right = this.binary(level + 1);
      left = { kind: 'binary', op: t.text as BinaryOp, left, right, span: this.span(left.span.start, right.span.end) };
    }
  }

  private unary(): Expr {
    const t = this.peek();
    if (t.kind === 'punct' && UNARY_OPS.includes(t.text)) {
      this.next();
      const arg = this.unary();
      return { kind: 'unary', op: t.text as UnaryOp, arg, span: this.span(t.start, arg.span.end) };
    }
    return this.postfix();
  }

  private postfix(): Expr {
    let e = this.primary();
    for (;;) {
      const t = this.peek();
      if (t.kind !== 'punct') return e;
      if (t.text === '(') {
        this.next();
        const args: Expr[] = [];
        if (!this.isPunct(')')) {
          for (;;) {
            args.push(this.ternary());
            if (!this.isPunct(',')) break;
            this.next();
          }
        }
        const close = this.expect(')');
        const span = this.span(e.span.start, close.end);
        e = e.kind === 'ident'
          ? { kind: 'call', callee: e.name, calleeSpan: e.span, args, span }
          : { kind: 'indirect-call', callee: e, args, span };
      } else if (t.text === '->' || t.text === '.') {
        this.next();
        const f = this.next();
        if (f.kind !== 'ident') throw this.unexpected(f, 'a field name');
        e = { kind: 'member', object: e, field: f.text, arrow: t.text === '->', span: this.span(e.span.start, f.end) };
      } else if (t.text === '[') {
        this.next();
        const index = this.ternary();
        const close = this.expect(']');
        e = { kind: 'index', object: e, index, span: this.span(e.span.start, close.end) };
      } else {
        return e;
      }
    }
  }

  private primary(): Expr {
    const t = this.next();
    if (t.kind === 'ident') return { kind: 'ident', name: t.text, span: this.span(t.start, t.end) };
    if (t.kind === 'number') return { kind: 'number', value: numberValue(t, this.text), text: t.text, span: this.span(t.start, t.end) };
    if (t.kind === 'punct' && t.text === '(') {
      const inner = this.ternary();
      this.expect(')');
      // The node keeps its own span; parentheses only group.
      return inner;
    }
    throw this.unexpected(t, 'an expression');
  }
}

/** Parses one model expression; throws ModelSyntaxError with the offset of the problem. */
export function parseModelExpr(text: string): Expr {
  return new Parser(text).parseAll();
}

/**
 * The lock constructors of the model vocabulary (schema.ts header), plus two
 * additions: `rwlock(P)` for an rwlock_t given by pointer (read_lock and
 * write_lock spin, unlike an rwsem), and `lock(P)` for a lock of unknown kind
 * given by pointer (lockdep_assert_held takes any lock).
 */
export const LOCK_CLASSES = [
  'mmap_lock', 'page_table_lock', 'ptl', 'i_mmap_rwsem', 'hugetlb_vma_lock', 'vma_lock', 'fault_mutex',
  'hugetlb_lock', 'rcu', 'folio_lock', 'anon_vma_rwsem', 'resv_map_lock', 'spool_lock', 'resize_lock',
  'write_protect_seq', 'mmu_notifier', 'i_rwsem', 'invalidate_lock',
  'spin', 'mutex', 'rwsem', 'seq', 'rwlock', 'lock',
] as const;

export type LockClass = (typeof LOCK_CLASSES)[number];

export type LockKind = 'spinlock' | 'rwlock' | 'rwsem' | 'mutex' | 'rcu' | 'seqcount' | 'bit-lock' | 'pseudo' | 'any';

export interface LockClassInfo {
  kind: LockKind;
  /** Whether waiting for it may sleep (so it must not be taken in atomic context). */
  sleeps: boolean;
  /** The number of arguments the constructor takes. */
  arity: 0 | 1;
  /** What the argument names. */
  owner: string;
}

export const LOCK_CLASS_INFO: Readonly<Record<LockClass, LockClassInfo>> = {
  mmap_lock: { kind: 'rwsem', sleeps: true, arity: 1, owner: 'mm' },
  page_table_lock: { kind: 'spinlock', sleeps: false, arity: 1, owner: 'mm' },
  ptl: { kind: 'spinlock', sleeps: false, arity: 1, owner: 'page-table page' },
  i_mmap_rwsem: { kind: 'rwsem', sleeps: true, arity: 1, owner: 'address_space' },
  hugetlb_vma_lock: { kind: 'rwsem', sleeps: true, arity: 1, owner: 'vma' },
  vma_lock: { kind: 'rwsem', sleeps: true, arity: 1, owner: 'vma' },
  fault_mutex: { kind: 'mutex', sleeps: true, arity: 1, owner: 'address_space' },
  hugetlb_lock: { kind: 'spinlock', sleeps: false, arity: 0, owner: 'global' },
  rcu: { kind: 'rcu', sleeps: false, arity: 0, owner: 'global' },
  folio_lock: { kind: 'bit-lock', sleeps: true, arity: 1, owner: 'folio' },
  anon_vma_rwsem: { kind: 'rwsem', sleeps: true, arity: 1, owner: 'vma' },
  resv_map_lock: { kind: 'spinlock', sleeps: false, arity: 1, owner: 'vma' },
  spool_lock: { kind: 'spinlock', sleeps: false, arity: 1, owner: 'subpool' },
  resize_lock: { kind: 'mutex', sleeps: true, arity: 1, owner: 'hstate' },
  write_protect_seq: { kind: 'seqcount', sleeps: false, arity: 1, owner: 'mm' },
  mmu_notifier: { kind: 'pseudo', sleeps: true, arity: 1, owner: 'mm' },
  i_rwsem: { kind: 'rwsem', sleeps: true, arity: 1, owner: 'inode' },
  invalidate_lock: { kind: 'rwsem', sleeps: true, arity: 1, owner: 'address_space' },
  spin: { kind: 'spinlock', sleeps: false, arity: 1, owner: 'pointer' },
  mutex: { kind: 'mutex', sleeps: true, arity: 1, owner: 'pointer' },
  rwsem: { kind: 'rwsem', sleeps: true, arity: 1, owner: 'pointer' },
  seq: { kind: 'seqcount', sleeps: false, arity: 1, owner: 'pointer' },
  rwlock: { kind: 'rwlock', sleeps: false, arity: 1, owner: 'pointer' },
  lock: { kind: 'any', sleeps: false, arity: 1, owner: 'pointer' },
};

export function isLockClass(name: string): name is LockClass {
  return (LOCK_CLASSES as readonly string[]).includes(name);
}

export interface LockExpr {
  cls: LockClass;
  args: Expr[];
}

/** Parses a lock reference such as "ptl(table(pmd))"; throws on anything else. */
export function parseLockExpr(text: string): LockExpr {
  const e = parseModelExpr(text);
  if (e.kind !== 'call') throw new ModelSyntaxError('a lock must be a lock constructor call such as ptl(table(pmd))', e.span.start, text);
  if (!isLockClass(e.callee)) {
    throw new ModelSyntaxError(`unknown lock constructor '${e.callee}' (known: ${LOCK_CLASSES.join(', ')})`, e.calleeSpan.start, text);
  }
  const want = LOCK_CLASS_INFO[e.callee].arity;
  if (e.args.length !== want) {
    throw new ModelSyntaxError(`${e.callee}() takes ${want} argument${want === 1 ? '' : 's'}, got ${e.args.length}`, e.span.start, text);
  }
  return { cls: e.callee, args: e.args };
}
