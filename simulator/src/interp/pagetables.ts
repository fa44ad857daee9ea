/**
 * The page-table tree as the interpreter walks it. An entry pointer is
 * addr(table, index) where index is pgd_index(addr), pud_index(addr)... as an
 * opaque term, so walking the same address twice reaches the same entry, and
 * a scenario can pre-build the tree for the address it binds. Tables met
 * through unknown pointers are invented on first use, with an unknown share
 * count (at least 1: a table in use has a reference).
 */
import { addr, app, fresh, type Term } from '../solver/term.js';
import type { Level, SimObject } from '../state/heap.js';
import { PAGE_SHIFT, PGDIR_SHIFT, PMD_SHIFT, PUD_SHIFT } from './constants.js';
import { lockOf } from './locks.js';
import { readEntry } from './memory.js';
import type { Path } from './path.js';

const NEXT: Record<Level, Level | undefined> = { pgd: 'pud', p4d: 'pud', pud: 'pmd', pmd: 'pte', pte: undefined };
const LEVEL_NAMES: Record<Level, string> = { pgd: 'PGD', p4d: 'P4D', pud: 'PUD', pmd: 'PMD', pte: 'PTE' };

const LEVEL_SHIFT: Record<Level, bigint> = { pgd: PGDIR_SHIFT, p4d: PGDIR_SHIFT, pud: PUD_SHIFT, pmd: PMD_SHIFT, pte: PAGE_SHIFT };
const U64 = (1n << 64n) - 1n;

/**
 * The address an index is taken of, without masks that only clear bits below
 * the level's shift: pud_index(addr & huge_page_mask(h)) is pud_index(addr),
 * so code that walks with haddr (or addr & PUD_MASK) reaches the same entry
 * as the scenario that built the tree for addr. Without this, such a walk
 * met an invented table and lost the scenario's sharing state.
 */
function indexedAddress(level: Level, address: Term): Term {
  const below = (1n << LEVEL_SHIFT[level]) - 1n;
  let a = address;
  while (a.t === 'op' && a.op === 'and' && a.args.length === 2) {
    const mask = a.args.find((x) => x.t === 'const');
    const rest = a.args.find((x) => x !== mask);
    if (!mask || mask.t !== 'const' || !rest) break;
    const cleared = ~mask.v & U64;
    if ((cleared & ~below) !== 0n) break;
    a = rest;
  }
  return a;
}

export function indexTerm(level: Level, address: Term): Term {
  return app(`${level === 'p4d' ? 'pgd' : level}_index`, [indexedAddress(level, address)]);
}

/** Creates a page-table page with its ptl. */
export function newTable(path: Path, level: Level, label: string, refcount?: Term, owner?: number): SimObject {
  const t = path.heap.create('pgtable', label, { level, entries: new Map(), owner });
  const m = path.heap.mutable(t.id);
  m.refcount = refcount ?? fresh(`page_count(${label})`, 1n);
  m.ptl = lockOf(path, 'ptl', addr(t.id), label).obj;
  return path.heap.get(t.id)!;
}

function guessLevel(text: string): Level {
  const m = /\b(pgd|p4d|pud|pmd|pte)/.exec(text);
  return m ? (m[1] as Level) : 'pmd';
}

/** The page-table page that holds the entry `ptr` points at. */
export function tableOf(path: Path, ptr: Term, text: string): SimObject {
  if (ptr.t === 'addr') {
    const obj = path.heap.get(ptr.obj);
    if (obj?.kind === 'pgtable') return obj;
  }
  const key = `tbl:${ptr.key}`;
  const found = path.heap.materializedFor(key);
  if (found !== undefined) return path.heap.get(found)!;
  const level = guessLevel(text);
  const t = newTable(path, level, `the ${LEVEL_NAMES[level]} table holding ${text}`);
  path.heap.bindMaterialized(key, t.id);
  path.heap.bindMaterialized(ptr.key, t.id);
  return t;
}

/** The next-level table the entry at `ptr` points to (assumed present, as the kernel's *_offset do). */
export function lowerTableOf(path: Path, ptr: Term, text: string): SimObject {
  const holder = tableOf(path, ptr, text);
  const index = ptr.t === 'addr' && path.heap.get(ptr.obj)?.kind === 'pgtable' ? ptr.off : ptr;
  const value = readEntry(path, holder.id, index, text);
  if (value.t === 'addr') {
    const obj = path.heap.get(value.obj);
    if (obj?.kind === 'pgtable') return obj;
  }
  const key = `lower:${value.key}`;
  const found = path.heap.materializedFor(key);
  if (found !== undefined) return path.heap.get(found)!;
  const level = NEXT[holder.level ?? 'pmd'] ?? 'pte';
  const t = newTable(path, level, `the ${LEVEL_NAMES[level]} table ${text} points to`, undefined, holder.owner);
  path.heap.bindMaterialized(key, t.id);
  return t;
}

/** The mm's PGD table, created on first use. */
export function pgdOf(path: Path, mm: Term, text: string): SimObject {
  const key = `pgd:${mm.key}`;
  const found = path.heap.materializedFor(key);
  if (found !== undefined) return path.heap.get(found)!;
  const t = newTable(path, 'pgd', `the PGD of ${text}`, undefined, mm.t === 'addr' ? mm.obj : undefined);
  path.heap.bindMaterialized(key, t.id);
  return t;
}

/** Walks mm's tree for `address` down to the entry of `level`. */
export function entryPointer(path: Path, mm: Term, address: Term, level: Level, mmText: string): Term {
  let table = pgdOf(path, mm, mmText);
  let ptr: Term = addr(table.id, indexTerm('pgd', address));
  for (const next of ['pud', 'pmd', 'pte'] as Level[]) {
    if (table.level === level) break;
    table = lowerTableOf(path, ptr, `${LEVEL_NAMES[table.level ?? 'pgd']} entry`);
    ptr = addr(table.id, indexTerm(next, address));
    if (next === level) break;
  }
  return ptr;
}

/** pud_offset(p4d, addr) and friends: the entry for addr in the table the upper entry points to. */
export function offsetInLower(path: Path, upper: Term, address: Term, level: Level, text: string): Term {
  if (level === 'p4d') return upper;
  const table = lowerTableOf(path, upper, text);
  return addr(table.id, indexTerm(level, address));
}
