/**
 * The shape of a kernel API model: one declarative entry per kernel function
 * or macro, so a reviewer can read the whole library and adding a model is a
 * few lines. The interpreter (simulator/src/interp/apply-model.ts) gives these
 * entries their meaning; docs/ARCHITECTURE.md explains how to add one.
 *
 * Object and lock references are small expressions in strings, over the
 * model's parameter names:
 *
 *   objects:  a parameter name            vma
 *             a field                     vma->vm_mm, data->vma_lock
 *             the return value            ret
 *             what a pointer points to    *ptlp
 *             the table holding an entry  table(pmd)     (the page-table page that contains entry pmd)
 *             the table an entry points   lower(pmd)     (the next-level table the entry refers to)
 *             a VMA's mm / file mapping   mm_of(vma), mapping_of(vma)
 *             this mm's entry for an addr pud_of(mm, addr), pmd_of(mm, addr)
 *             a value before the call     old(*ptep)     (conditions are read before effects, values after)
 *   locks:    mmap_lock(MM)  page_table_lock(MM)  ptl(TABLE)  i_mmap_rwsem(MAPPING)
 *             hugetlb_vma_lock(VMA)  vma_lock(VMA)  fault_mutex(MAPPING)  hugetlb_lock()
 *             rcu()  folio_lock(FOLIO)  anon_vma_rwsem(VMA)  resv_map_lock(VMA)  resize_lock(H)
 *             write_protect_seq(MM)  mmu_notifier(MM)  i_rwsem(INODE)  invalidate_lock(MAPPING)
 *             spin(P)  mutex(P)  rwsem(P)  seq(P)   (a lock given by pointer P, e.g. spin_lock(ptl))
 *             spool_lock(SPOOL)  rwlock(P) (an rwlock_t)  lock(P) (any kind, for lockdep_assert_held)
 *             (models/expr-parser.ts: LOCK_CLASSES and LOCK_CLASS_INFO list them with their kinds)
 *   conditions (`when`): C over parameters, `ret`, constants and flags:
 *             ret == 0, ret != NULL, vma->vm_flags & VM_MAYSHARE, !(vma->vm_flags & VM_HUGETLB)
 */

export type LockMode = 'read' | 'write';

export interface LockUse {
  /** A lock expression, e.g. "ptl(table(pmd))" or "i_mmap_rwsem(mapping_of(vma))". */
  lock: string;
  /** Read or write for rwsems; spinlocks and mutexes are always write. Default write. */
  mode?: LockMode;
  /** Only when this condition holds (on parameters and, for acquires, on `ret`). */
  when?: string;
  /** Accept either mode when checking `requires` (for "held in any mode"). */
  anyMode?: boolean;
  /**
   * Optional (requires/asserts only): the requirement is also met when any one
   * of these locks is held instead, e.g. hugetlb_walk wants the hugetlb VMA lock
   * or i_mmap_rwsem. Ignoring it only makes the check stricter.
   */
  alternatives?: LockUse[];
}

export type TableLevel = 'pgd' | 'p4d' | 'pud' | 'pmd' | 'pte' | 'huge';

export type Effect =
  /** Writes a page-table entry. The checks ask which locks were held at that moment. */
  | { kind: 'write-entry'; entry: string; level: TableLevel; value: 'none' | 'leaf' | 'table' | 'nonpresent' | 'modified'; when?: string }
  /** Drops one share of a possibly shared PMD table (the unshare itself). */
  | { kind: 'share'; table: string; delta: number; when?: string }
  /** Changes a page or folio refcount (for a page-table page in 6.1 this is the share count). */
  | { kind: 'refcount'; of: string; delta: number; when?: string }
  /** Changes an mm counter. */
  | { kind: 'counter'; counter: 'nr_ptes' | 'nr_pmds' | 'nr_puds' | 'hugetlb_usage' | 'rss'; of: string; delta: number | string; when?: string }
  /** Flushes the TLB now over [start, end) of the mm (or the vma's mm). */
  | { kind: 'tlb-flush'; vma?: string; mm?: string; start: string; end: string; when?: string }
  /** Records a range in an mmu_gather; the flush happens at tlb-flush-gather. */
  | { kind: 'tlb-gather'; tlb: string; start: string; end: string; when?: string }
  /** Flushes whatever an mmu_gather recorded. */
  | { kind: 'tlb-flush-gather'; tlb: string; when?: string }
  /** Stores into a field: a fresh non-NULL object, NULL, or the value of an expression. */
  | { kind: 'set-field'; target: string; value: 'fresh' | 'null' | string; when?: string }
  /** Pushes or pops a preallocated PTE table on a PMD table's deposit list. */
  | { kind: 'deposit' | 'withdraw'; table: string; when?: string }
  /** Starts or ends an MMU-notifier invalidation over a range. */
  | { kind: 'notifier-start' | 'notifier-end'; range: string; when?: string }
  /** Synchronises with lockless GUP-fast walkers (an IPI). */
  | { kind: 'gup-fast-sync' }
  /** Frees a page or table (only safe after the TLB flush). */
  | { kind: 'free'; of: string; when?: string };

/** One way the function can return; the interpreter forks a path per case. */
export interface ReturnCase {
  /** Only possible when this condition on the parameters holds. */
  when?: string;
  /**
   * The value: a C expression over parameters ("vma->vm_flags & VM_HUGETLB"),
   * a constant ("0", "-ENOMEM", "NULL", "true"), "fresh" (an unknown non-NULL
   * pointer), "unknown" (anything of the return type), or an object
   * expression ("ptl(table(pmd))" for a function that returns a lock pointer).
   */
  value: string;
  /** Effects that happen on this case only (in addition to the model's effects). */
  effects?: Effect[];
  /** Locks held after returning on this case (in addition to `acquires`). */
  acquires?: LockUse[];
  /** Locks released on this case. */
  releases?: LockUse[];
  /** A sentence saying what returning this way tells the caller, for messages. */
  means?: string;
}

export type ReturnType = 'void' | 'int' | 'bool' | 'pointer' | 'errno' | 'vm_fault_t' | 'long' | 'unsigned long' | 'entry' | 'lock';

export interface ApiModel {
  name: string;
  params: string[];
  /** One or two sentences in our own words, shown in the hover. */
  doc: string;
  /** Where the fact comes from: "mm-facts §2.2 #19". */
  ref: string;
  /** The kernel version the model follows where versions differ, e.g. "6.1" or "6.13+". */
  version?: string;
  /** True when calling it may sleep (so it must not run under a spinlock or RCU). */
  sleeps?: boolean;
  /**
   * Optional: with `sleeps`, it sleeps only when this condition holds
   * (kmalloc: "gfpflags_allow_blocking(flags)"). Absent: whenever `sleeps`.
   */
  sleepsWhen?: string;
  /** Locks the caller must hold. */
  requires?: LockUse[];
  /** Lockdep-style assertions: they document that the caller holds these; the simulator assumes them. */
  asserts?: LockUse[];
  acquires?: LockUse[];
  releases?: LockUse[];
  /**
   * Optional: locks the function takes and releases again before it returns
   * (huge_pmd_share takes i_mmap_rwsem for read). They matter for lock order
   * and for sleeping, and the model's effects happen while they are held.
   */
  takes?: LockUse[];
  /**
   * Optional: locks held on entry and again on return that the function drops
   * in between to sleep or allocate (hugetlb_wp drops the ptl it is given).
   * Sleeping inside is fine although the caller holds them, but anything read
   * under them before the call must be re-validated after it (R17).
   */
  reacquires?: LockUse[];
  effects?: Effect[];
  returns: ReturnType;
  /** How it returns; several cases fork the path. Absent: one case with an unknown value. */
  cases?: ReturnCase[];
  /**
   * For the few structural functions whose result depends on the simulated
   * page-table tree or memmap (pud_offset, virt_to_page, nth_page, min3...),
   * the name of the interpreter routine that computes it. The declarative
   * fields above still describe locks, sleeping and effects.
   */
  builtin?: string;
  /** For acquire/release helpers (vma_pgtable_walk_begin/_end): the twin that undoes it. */
  pairsWith?: string;
  /** Assertion macros: 'bug' (BUG_ON: oops), 'vm-bug' (only with DEBUG_VM), 'warn' (returns the condition). */
  assertion?: 'bug' | 'vm-bug' | 'warn' | 'vm-warn';
  /**
   * Optional: other kernel versions' parameter lists, told apart by the number
   * of arguments at the call (set_huge_pte_at gained `sz`). The model's strings
   * only use names common to every list.
   */
  altParams?: string[][];
  /**
   * Optional: an object-like macro used without parentheses
   * (MAX_ORDER_NR_PAGES); `params` is empty and the value comes from the
   * builtin or the single case.
   */
  objectLike?: boolean;
}
