/**
 * Lock identity and the held-lock set. A lock is a simulated object found
 * from its owner (the mm, the mapping, the page-table page...) so that
 * `pmd_lock(mm, pmd)`, `huge_pte_lock(h, mm, (pte_t *)pmd)` and a `ptl`
 * local returned by either name the same lock, and `i_mmap_lock_write(mapping)`
 * matches the i_mmap_rwsem a model requires of `mapping_of(vma)`.
 */
import { isLockClass, LOCK_CLASS_INFO } from '../models/expr-parser.js';
import type { Term } from '../solver/term.js';
import type { HeldLock, LockMode, LockRef, Loc } from '../trace.js';
import type { Path } from './path.js';
import { innermostCallSite } from './record.js';

const LABELS: Readonly<Record<string, string>> = {
  mmap_lock: 'mmap_lock', page_table_lock: 'page_table_lock', ptl: 'ptl', i_mmap_rwsem: 'i_mmap_rwsem',
  hugetlb_vma_lock: 'hugetlb VMA lock', vma_lock: 'per-VMA lock', fault_mutex: 'hugetlb fault mutex',
  hugetlb_lock: 'hugetlb_lock', rcu: 'RCU read lock', folio_lock: 'folio lock', anon_vma_rwsem: 'anon_vma rwsem',
  resv_map_lock: 'resv_map lock', spool_lock: 'subpool lock', resize_lock: 'hstate resize_lock',
  write_protect_seq: 'write_protect_seq', mmu_notifier: 'mmu notifier invalidation', i_rwsem: 'inode i_rwsem',
  invalidate_lock: 'invalidate_lock', spin: 'spinlock', mutex: 'mutex', rwsem: 'rwsem', seq: 'seqcount',
  rwlock: 'rwlock', lock: 'lock',
};

/** Kind, sleeping and label of a lock class, from the model vocabulary's table. */
export function classInfo(cls: string): { label: string; sleeps: boolean; atomic: boolean } {
  const info = isLockClass(cls) ? LOCK_CLASS_INFO[cls] : LOCK_CLASS_INFO.spin;
  const atomic = info.kind === 'spinlock' || info.kind === 'rwlock' || info.kind === 'rcu' || info.kind === 'seqcount';
  return { label: LABELS[cls] ?? cls, sleeps: info.sleeps, atomic };
}

/** Field names whose address is a well-known lock of the containing object. */
export const LOCK_FIELDS: Readonly<Record<string, string>> = {
  page_table_lock: 'page_table_lock',
  mmap_lock: 'mmap_lock',
  i_mmap_rwsem: 'i_mmap_rwsem',
  ptl: 'ptl',
  rw_sema: 'rwsem',
  write_protect_seq: 'write_protect_seq',
  invalidate_lock: 'invalidate_lock',
  i_rwsem: 'i_rwsem',
  resize_lock: 'resize_lock',
};

function ownerKey(owner: Term): string {
  return owner.t === 'addr' && owner.off.t === 'const' && owner.off.v === 0n ? `#${owner.obj}` : owner.key;
}

/** The lock of class `cls` that belongs to `owner`, created on first use. */
export function lockOf(path: Path, cls: string, owner: Term | undefined, ownerLabel: string, ownLabel?: string): LockRef {
  const key = owner ? `${cls}(${ownerKey(owner)})` : `${cls}()`;
  const info = classInfo(cls);
  let id = path.heap.materializedFor(`lock:${key}`);
  if (id === undefined) {
    const label = ownLabel ?? (owner ? `${info.label} of ${ownerLabel}` : info.label);
    id = path.heap.create('lock', label, { lockClass: cls, lockKey: key }).id;
    path.heap.bindMaterialized(`lock:${key}`, id);
  }
  const obj = path.heap.get(id)!;
  return { key, cls, label: obj.label, sleeps: info.sleeps, obj: id };
}

/** The lock a pointer value points at (a `ptl` local, `&mm->page_table_lock`, an unknown lock). */
export function lockAt(path: Path, pointer: Term, clsHint: string, text: string): LockRef {
  if (pointer.t === 'addr') {
    const obj = path.heap.get(pointer.obj);
    if (obj?.kind === 'lock' && obj.lockKey && obj.lockClass) {
      const info = classInfo(obj.lockClass);
      return { key: obj.lockKey, cls: obj.lockClass, label: obj.label, sleeps: info.sleeps, obj: obj.id };
    }
  }
  // The pointer is the lock itself (mutex_lock(&h->resize_lock)), not its
  // owner: name it as the caller wrote it. `text` is often only the model's
  // parameter name ("lock"), which made labels like "mutex of lock".
  const own = (pointer.t === 'sym' ? pointer.name : pointer.t === 'addr' ? path.heap.get(pointer.obj)?.label ?? text : text).replace(/^&/, '');
  return lockOf(path, clsHint, pointer, text, `${classInfo(clsHint).label} ${own}`);
}

export function isHeld(path: Path, lock: LockRef, mode?: LockMode): HeldLock | undefined {
  return path.held.find((h) => h.lock.key === lock.key && (mode === undefined || h.mode === mode || h.mode === 'write'));
}

export function isAtomic(held: readonly HeldLock[]): HeldLock | undefined {
  return held.find((h) => classInfo(h.lock.cls).atomic);
}

export function acquire(path: Path, lock: LockRef, mode: LockMode, at?: Loc): void {
  // Without a location (see record()), the lock was taken at the innermost
  // call site; the checks point there as "taken here".
  path.held = [...path.held, { lock, mode, at: at ?? (path.frames.length > 1 ? innermostCallSite(path) : undefined) }];
}

/** Removes one hold of the lock; returns the hold removed, if any. */
export function release(path: Path, lock: LockRef): HeldLock | undefined {
  const i = path.held.map((h) => h.lock.key).lastIndexOf(lock.key);
  if (i < 0) return undefined;
  const removed = path.held[i];
  path.held = [...path.held.slice(0, i), ...path.held.slice(i + 1)];
  return removed;
}

/** Records a lock as held on entry (from a calling context or a lockdep assertion). */
export function assumeHeld(path: Path, lock: LockRef, mode: LockMode, why: string): void {
  if (isHeld(path, lock)) return;
  const hold: HeldLock = { lock, mode, fromContext: why };
  path.held = [hold, ...path.held];
  path.heldAtEntry = [...path.heldAtEntry, hold];
}
