/**
 * Calling contexts: the locks and locals a function starts with. They come
 * from the function's callers in the patch when it has any (then the caller
 * is simulated and the function runs inside it); otherwise from this table of
 * well-known kernel callers; otherwise the function runs in an empty context.
 *
 * `partial` describes where the visible part of a partly quoted kernel
 * function starts: for zap_huge_pmd every hunk after its __pmd_trans_huge_lock
 * call runs with the PMD ptl held in the local `ptl`.
 */
import type { LockMode } from './trace.js';

export interface HeldOnEntry {
  /** A lock expression over the function's parameters (models vocabulary). */
  lock: string;
  mode: LockMode;
  why: string;
}

export interface EntryContext {
  name: string;
  description: string;
  held: HeldOnEntry[];
  /** Locals a partly visible body starts with: name -> model expression. */
  locals?: Record<string, string>;
  /**
   * For a partial context: the calls that establish it. When the visible
   * part makes one of them itself, the quote starts before that point and
   * the function's entry context applies instead.
   */
  establishedBy?: string[];
}

export const EMPTY_CONTEXT: EntryContext = { name: 'empty', description: 'no known caller: nothing held on entry', held: [] };

interface WellKnown {
  entry?: EntryContext;
  partial?: EntryContext;
}

const IMMAP_AND_VMA_LOCK: HeldOnEntry[] = [
  { lock: 'i_mmap_rwsem(mapping_of(vma))', mode: 'write', why: 'its callers take i_mmap_lock_write()' },
  { lock: 'hugetlb_vma_lock(vma)', mode: 'write', why: 'its callers take hugetlb_vma_lock_write()' },
];

const FAULT_LOCKS: HeldOnEntry[] = [
  { lock: 'mmap_lock(mm_of(vma))', mode: 'read', why: 'page faults run under the mmap read lock (or a VMA lock)' },
  { lock: 'fault_mutex(mapping_of(vma))', mode: 'write', why: 'hugetlb_fault() takes the fault mutex of (mapping, index)' },
  { lock: 'hugetlb_vma_lock(vma)', mode: 'read', why: 'hugetlb_fault() takes hugetlb_vma_lock_read()' },
];

export const WELL_KNOWN_CALLERS: Readonly<Record<string, WellKnown>> = {
  zap_huge_pmd: {
    entry: { name: 'zap_pmd_range', description: 'called from zap_pmd_range() with the VMA stable (mmap or VMA lock) and no page-table lock held', held: [] },
    partial: {
      name: 'zap_huge_pmd after __pmd_trans_huge_lock',
      description: 'the visible part of zap_huge_pmd runs after __pmd_trans_huge_lock() succeeded: the PMD ptl is held, in the local ptl; i_mmap_rwsem is not held',
      held: [{ lock: 'ptl(table(pmd))', mode: 'write', why: 'zap_huge_pmd took it with __pmd_trans_huge_lock()' }],
      locals: { ptl: 'ptl(table(pmd))' },
      establishedBy: ['__pmd_trans_huge_lock', 'pmd_trans_huge_lock'],
    },
  },
  huge_pmd_unshare: { entry: { name: 'huge_pmd_unshare callers', description: 'callers hold i_mmap_rwsem for write and the hugetlb VMA lock', held: IMMAP_AND_VMA_LOCK } },
  __unmap_hugepage_range: { entry: { name: '__unmap_hugepage_range callers', description: 'callers hold the hugetlb VMA lock and i_mmap_rwsem for write', held: IMMAP_AND_VMA_LOCK } },
  hugetlb_no_page: { entry: { name: 'hugetlb_fault', description: 'called from hugetlb_fault() with the fault mutex and the VMA lock (read) held', held: FAULT_LOCKS } },
  hugetlb_wp: {
    entry: {
      name: 'hugetlb_fault', description: 'called from hugetlb_fault() with the fault mutex, the VMA lock (read) and the ptl held',
      held: [...FAULT_LOCKS, { lock: 'ptl(table(ptep))', mode: 'write', why: 'hugetlb_fault() holds huge_pte_lock() around hugetlb_wp()' }],
    },
  },
  hugetlb_fault: { entry: { name: 'handle_mm_fault', description: 'page faults run under the mmap read lock', held: [{ lock: 'mmap_lock(mm)', mode: 'read', why: 'the fault path holds the mmap read lock' }] } },
  follow_hugetlb_page: { entry: { name: '__get_user_pages', description: 'GUP holds the mmap read lock (6.1: no hugetlb VMA lock)', held: [{ lock: 'mmap_lock(mm)', mode: 'read', why: 'GUP holds the mmap read lock' }] } },
  move_hugetlb_page_tables: { entry: { name: 'mremap', description: 'mremap holds the mmap write lock', held: [{ lock: 'mmap_lock(mm_of(vma))', mode: 'write', why: 'mremap holds the mmap write lock' }] } },
  copy_hugetlb_page_range: { entry: { name: 'fork', description: 'fork holds the source mmap write lock', held: [{ lock: 'mmap_lock(src)', mode: 'write', why: 'dup_mmap holds the source mmap write lock' }] } },
  madvise_collapse: { entry: { name: 'madvise', description: 'madvise holds the mmap read lock', held: [{ lock: 'mmap_lock(mm_of(vma))', mode: 'read', why: 'madvise(MADV_COLLAPSE) holds the mmap read lock' }] } },
};

/**
 * The context a function starts in when no caller in the patch gives one.
 * `calls` are the names the visible body calls, to tell whether a partial
 * context's establishing call is itself in view.
 */
export function contextFor(name: string, complete: boolean, calls: ReadonlySet<string> = new Set()): EntryContext {
  const known = WELL_KNOWN_CALLERS[name];
  const partial = known?.partial;
  if (!complete && partial && !(partial.establishedBy ?? []).some((c) => calls.has(c))) return partial;
  return known?.entry ?? EMPTY_CONTEXT;
}
