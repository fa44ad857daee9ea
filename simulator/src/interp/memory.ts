/**
 * Objects behind pointers: dereferencing, field access, array elements and
 * page-table entries. A symbolic pointer gets an object invented on its first
 * dereference (and the same one on every later dereference of the same
 * value), which is how a function with unknown arguments still has a heap.
 */
import { addr, fresh, op, type Term } from '../solver/term.js';
import type { SimObject } from '../state/heap.js';
import type { Path } from './path.js';

export type LValue =
  | { k: 'var'; name: string }
  /** A variable of an outer frame, reached through `&local` (an out-parameter). */
  | { k: 'frame-var'; depth: number; name: string }
  | { k: 'field'; obj: number; field: string; text: string }
  | { k: 'entry'; table: number; index: Term; text: string }
  | { k: 'none'; text: string };

/** The object a pointer value designates, invented on first use for symbolic pointers. */
export function objectAt(path: Path, pointer: Term, label: string): SimObject {
  if (pointer.t === 'addr') {
    const obj = path.heap.get(pointer.obj);
    if (obj) return obj;
  }
  const existing = path.heap.materializedFor(pointer.key);
  if (existing !== undefined) return path.heap.get(existing)!;
  const obj = path.heap.create('struct', label);
  path.heap.bindMaterialized(pointer.key, obj.id);
  return obj;
}

/** The element key for `p[i]` or `*(p + i)`: page-table entries are keyed by index term. */
export function elementKey(index: Term): string {
  return `[${index.key}]`;
}

export function readLValue(path: Path, lv: LValue): Term {
  switch (lv.k) {
    case 'var': return path.lookup(lv.name) ?? fresh(lv.name);
    case 'frame-var': return path.frames[lv.depth - 1]?.vars.get(lv.name) ?? fresh(lv.name);
    case 'field': return path.heap.readField(lv.obj, lv.field, lv.text);
    case 'entry': return readEntry(path, lv.table, lv.index, lv.text);
    case 'none': return fresh(lv.text);
  }
}

export function writeLValue(path: Path, lv: LValue, value: Term): void {
  switch (lv.k) {
    case 'var': path.frame.vars.set(lv.name, value); break;
    case 'frame-var': path.frames[lv.depth - 1]?.vars.set(lv.name, value); break;
    case 'field': path.heap.writeField(lv.obj, lv.field, value); break;
    case 'entry': path.heap.mutable(lv.table).entries!.set(lv.index.key, value); break;
    case 'none': break;
  }
}

/** An entry of a page table: its current value, invented (and kept) when never set. */
export function readEntry(path: Path, table: number, index: Term, text: string): Term {
  const obj = path.heap.get(table)!;
  const found = obj.entries?.get(index.key);
  if (found) return found;
  const value = fresh(`*${text}`, 0n);
  const m = path.heap.mutable(table);
  if (!m.entries) m.entries = new Map();
  m.entries.set(index.key, value);
  return value;
}

/** The lvalue `*pointer`: an entry when it points into a page table, else field '*' or an element. */
export function derefLValue(path: Path, pointer: Term, text: string): LValue {
  const obj = objectAt(path, pointer, text);
  // `*ptlp` where ptlp is `&ptl` of an outer frame is that frame's variable:
  // pte_offset_map_lock(mm, pmd, addr, &ptl) must leave the lock in `ptl`.
  const cell = obj.cellOf;
  if (cell && pointer.t === 'addr' && pointer.off.t === 'const' && pointer.off.v === 0n && path.frames[cell.depth - 1]) {
    return { k: 'frame-var', depth: cell.depth, name: cell.name };
  }
  if (obj.kind === 'pgtable') return { k: 'entry', table: obj.id, index: pointer.t === 'addr' && pointer.obj === obj.id ? pointer.off : pointer, text };
  if (pointer.t === 'addr' && !(pointer.off.t === 'const' && pointer.off.v === 0n)) {
    return { k: 'field', obj: obj.id, field: elementKey(pointer.off), text: `*${text}` };
  }
  return { k: 'field', obj: obj.id, field: '*', text: `*${text}` };
}

/** The lvalue `base[index]`. */
export function indexLValue(path: Path, base: Term, index: Term, text: string): LValue {
  if (base.t === 'addr') {
    const obj = path.heap.get(base.obj);
    const at = addrPlus(base, index);
    if (obj?.kind === 'pgtable') return { k: 'entry', table: obj.id, index: at.off, text };
    return { k: 'field', obj: base.obj, field: elementKey(at.off), text };
  }
  const obj = objectAt(path, base, text);
  return { k: 'field', obj: obj.id, field: elementKey(index), text };
}

export function addrPlus(base: Term & { t: 'addr' }, delta: Term): Term & { t: 'addr' } {
  return addr(base.obj, opAdd(base.off, delta));
}


function opAdd(a: Term, b: Term): Term {
  return op('add', a, b);
}
