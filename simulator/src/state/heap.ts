/**
 * The simulated kernel objects of one path: mms, VMAs, mappings, page-table
 * pages, folios, locks and plain structs. Fields hold Terms. A heap is
 * copied when a path forks; objects are copied on first write (each heap
 * remembers which objects it owns), so forking stays cheap.
 */
import { addr, fresh, type Term } from '../solver/term.js';

export type Level = 'pgd' | 'p4d' | 'pud' | 'pmd' | 'pte';

export type ObjKind =
  | 'mm' | 'vma' | 'mapping' | 'file' | 'pgtable' | 'folio' | 'lock' | 'hstate' | 'tlb' | 'struct' | 'array';

export interface SimObject {
  id: number;
  kind: ObjKind;
  /** How the object is named in messages and pictures: "PMD table T", "vma". */
  label: string;
  fields: Map<string, Term>;
  /** Page-table pages: their level, entries by index key, and the ptl object. */
  level?: Level;
  entries?: Map<string, Term>;
  ptl?: number;
  /** Page-table pages and folios: the refcount (for a PMD table in 6.1, its share count). */
  refcount?: Term;
  /** PMD tables: preallocated PTE tables deposited for THP splits. */
  deposited?: number;
  /** The mm that owns a page table or a lock, for messages. */
  owner?: number;
  /** Locks: their class and the key that identifies them across paths. */
  lockClass?: string;
  lockKey?: string;
  /** Folios: order and where their struct pages live. */
  order?: number;
  /** Struct pages of this folio are addressed as addr(folio, index). */
  isMemmap?: boolean;
  /** `&local`: the variable this cell stands for, by frame depth (1-based) and name. */
  cellOf?: { depth: number; name: string };
}

let nextObjectId = 1;

export function resetObjectIds(): void {
  nextObjectId = 1;
}

export class Heap {
  private objects: Map<number, SimObject>;
  private owned: Set<number>;
  /** Objects made up on demand for symbolic pointers, keyed by the pointer term. */
  private materialized: Map<string, number>;

  constructor(objects?: Map<number, SimObject>, materialized?: Map<string, number>) {
    this.objects = objects ?? new Map();
    this.materialized = materialized ?? new Map();
    this.owned = new Set();
  }

  clone(): Heap {
    return new Heap(new Map(this.objects), new Map(this.materialized));
  }

  create(kind: ObjKind, label: string, init: Partial<SimObject> = {}): SimObject {
    const obj: SimObject = { id: nextObjectId++, kind, label, fields: new Map(), ...init };
    this.objects.set(obj.id, obj);
    this.owned.add(obj.id);
    return obj;
  }

  get(id: number): SimObject | undefined {
    return this.objects.get(id);
  }

  /** The object for writing: copied first if another path may still see it. */
  mutable(id: number): SimObject {
    const obj = this.objects.get(id);
    if (!obj) throw new Error(`no object ${id}`);
    if (this.owned.has(id)) return obj;
    const copy: SimObject = {
      ...obj,
      fields: new Map(obj.fields),
      entries: obj.entries ? new Map(obj.entries) : undefined,
    };
    this.objects.set(id, copy);
    this.owned.add(id);
    return copy;
  }

  all(): SimObject[] {
    return [...this.objects.values()];
  }

  materializedFor(key: string): number | undefined {
    return this.materialized.get(key);
  }

  bindMaterialized(key: string, id: number): void {
    this.materialized.set(key, id);
  }

  /** Reads a field, inventing a stable unknown the first time (so two reads agree). */
  readField(id: number, field: string, nameForUnknown: string, unsigned = false): Term {
    const obj = this.objects.get(id);
    const existing = obj?.fields.get(field);
    if (existing) return existing;
    const value = fresh(nameForUnknown, unsigned ? 0n : undefined);
    if (obj) this.mutable(id).fields.set(field, value);
    return value;
  }

  writeField(id: number, field: string, value: Term): void {
    this.mutable(id).fields.set(field, value);
  }

  pointerTo(obj: SimObject): Term {
    return addr(obj.id);
  }
}
