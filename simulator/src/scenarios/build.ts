/**
 * Building blocks for scenarios: kernel objects with the fields the models
 * and patch code read, and parameter binding by kernel naming conventions.
 */
import type { FunctionAst, TypeRef } from '../ast.js';
import { CONSTANTS } from '../interp/constants.js';
import { lockOf } from '../interp/locks.js';
import { indexTerm, newTable, pgdOf } from '../interp/pagetables.js';
import type { Path } from '../interp/path.js';
import { addr, constant, type AddrTerm, type Term } from '../solver/term.js';
import type { Level, SimObject } from '../state/heap.js';

export function flags(...names: string[]): Term {
  return constant(names.reduce((acc, n) => acc | (CONSTANTS.get(n) ?? 0n), 0n));
}

export function makeMm(path: Path, label: string): SimObject {
  const mm = path.heap.create('mm', label);
  path.heap.writeField(mm.id, 'nr_pmds', constant(0));
  path.heap.writeField(mm.id, 'nr_ptes', constant(0));
  lockOf(path, 'page_table_lock', addr(mm.id), label);
  lockOf(path, 'mmap_lock', addr(mm.id), label);
  return mm;
}

export function makeMapping(path: Path, label: string): SimObject {
  return path.heap.create('mapping', label);
}

export interface VmaInit {
  mm: SimObject;
  mapping?: SimObject;
  vmFlags: Term;
  privateData?: Term;
  start: bigint;
  end: bigint;
}

export function makeVma(path: Path, label: string, init: VmaInit): SimObject {
  const vma = path.heap.create('vma', label);
  const h = path.heap;
  h.writeField(vma.id, 'vm_mm', addr(init.mm.id));
  h.writeField(vma.id, 'vm_flags', init.vmFlags);
  h.writeField(vma.id, 'vm_start', constant(init.start));
  h.writeField(vma.id, 'vm_end', constant(init.end));
  h.writeField(vma.id, 'vm_pgoff', constant(0));
  h.writeField(vma.id, 'vm_private_data', init.privateData ?? constant(0));
  if (init.mapping) {
    const file = h.create('file', `the file of ${label}`);
    h.writeField(file.id, 'f_mapping', addr(init.mapping.id));
    h.writeField(vma.id, 'vm_file', addr(file.id));
  } else {
    h.writeField(vma.id, 'vm_file', constant(0));
  }
  return vma;
}

/** Links mm's tree so that the PUD entry for `address` points to `pmdTable`. */
export function linkPmdTable(path: Path, mm: SimObject, address: Term, pmdTable: SimObject, pudLabel: string): SimObject {
  const pgd = pgdOf(path, addr(mm.id), mm.label);
  const pud = newTable(path, 'pud', pudLabel, constant(1), mm.id);
  path.heap.mutable(pgd.id).entries!.set(indexTerm('pgd', address).key, addr(pud.id));
  path.heap.mutable(pud.id).entries!.set(indexTerm('pud', address).key, addr(pmdTable.id));
  path.heap.writeField(mm.id, 'nr_pmds', constant(1));
  return pud;
}

export function entryIn(table: SimObject, address: Term, level: Level): AddrTerm {
  return addr(table.id, indexTerm(level, address));
}

function typeName(t: TypeRef): string {
  return t.base.replace(/^(const|volatile)\s+/, '').trim();
}

export interface Bindings {
  byType: Record<string, Term>;
  byName: Record<string, Term>;
  /** Names a partly visible body may use without declaring them (its locals in the hidden part). */
  locals?: Record<string, Term>;
}

/** Binds parameters: an exact name first (addr, pmd, vma), then the pointed-to type. */
export function bindParams(path: Path, fn: FunctionAst, b: Bindings): void {
  for (const p of fn.params) {
    const byName = b.byName[p.name];
    const byType = p.type.pointer === 1 ? b.byType[typeName(p.type)] : undefined;
    const value = byName ?? byType;
    if (value) path.frame.vars.set(p.name, value);
  }
  // A partly quoted body uses locals declared in code the quote does not
  // show (h, page, pfn_offset...); the scenario gives them too.
  if (!fn.complete) {
    const params = new Set(fn.params.map((p) => p.name));
    for (const [name, value] of Object.entries(b.byName)) if (!params.has(name)) path.frame.vars.set(name, value);
    for (const [name, value] of Object.entries(b.locals ?? {})) path.frame.vars.set(name, value);
  }
}
