/**
 * The interpreter routines the model library names in `builtin`, and the
 * conventions every model string follows. This is the contract between the
 * library (data) and the interpreter (simulator/src/interp) that gives it
 * meaning: the library test checks every `builtin` is listed here with no
 * more required arguments than the model has parameters, and docs/models.md
 * prints both tables.
 */

export interface BuiltinSpec {
  /** Positional arguments, as the call passes them; a trailing `?` marks an optional one. */
  args: string[];
  /** What the routine computes, and the state it reads or changes. */
  doc: string;
}

export const BUILTINS: Readonly<Record<string, BuiltinSpec>> = {
  'pt-offset:pgd': { args: ['mm', 'addr'], doc: "The PGD entry for addr in mm's top-level table. Never NULL." },
  'pt-offset:p4d': { args: ['pgd', 'addr'], doc: 'The P4D entry for addr in the table the PGD entry points to (the PGD entry itself when the level is folded).' },
  'pt-offset:pud': { args: ['p4d', 'addr'], doc: 'The PUD entry for addr in the table the P4D entry points to.' },
  'pt-offset:pmd': { args: ['pud', 'addr'], doc: 'The PMD entry for addr in the table the PUD entry points to.' },
  'pt-offset:pte': { args: ['pmd', 'addr'], doc: 'The PTE entry for addr in the table the PMD entry points to (no mapping, no lock).' },
  'entry-test:none': { args: ['entry'], doc: 'True when the entry value is empty.' },
  'entry-test:present': { args: ['entry'], doc: 'True when the entry value is present (a table or a leaf).' },
  'entry-test:huge': { args: ['entry'], doc: 'True when a PMD/PUD entry value is a huge leaf (THP or hugetlb) rather than a table.' },
  'entry-test:swap': { args: ['entry'], doc: 'True when the entry value is a non-present swap or migration entry.' },
  'entry-test:devmap': { args: ['entry'], doc: 'True when the entry value is a devmap leaf.' },
  'huge-pte-offset': {
    args: ['mm', 'addr', 'sz'],
    doc: 'The lockless hugetlb walk: NULL when the PGD or P4D entry is missing; for sz == PUD_SIZE the PUD slot (even if empty); otherwise NULL when the PUD is not present, else the PMD slot (which may be empty).',
  },
  'huge-pte-alloc': {
    args: ['mm', 'vma', 'addr', 'sz'],
    doc: 'Like huge-pte-offset but first creates the missing P4D/PUD tables (nr_puds +1) and, for PMD_SIZE, either attaches a shared PMD table found through huge-pmd-share or allocates one (nr_pmds +1). Forks a NULL (ENOMEM) path when it had to allocate. BUG when the slot holds a table instead of a huge leaf.',
  },
  'huge-pmd-share': {
    args: ['mm', 'vma', 'addr', 'pud'],
    doc: "Looks for another VMA of the same file mapping the same index with a shareable PMD table (page_table_shareable). If found and pud is still none: share +1 on that table, pud now points to it, nr_pmds +1. Then returns the PMD slot through pmd_alloc (allocating a private table when nothing was shared), or NULL on ENOMEM. The entry write happens with the model's `takes` locks held.",
  },
  'hugetlb-unshare-range': {
    args: ['vma', 'start?', 'end?'],
    doc: "For every PUD step in [start, end) (default: the PUD-aligned span inside the VMA) whose PMD table is shared, applies huge_pmd_unshare: clears this mm's PUD entry, share -1, nr_pmds -1. Then flushes the TLB over the range. Nothing for a VMA without VM_MAYSHARE.",
  },
  'unmap-hugepage-range': {
    args: ['tlb', 'vma', 'start', 'end', 'ref_page'],
    doc: "Zaps hugetlb entries in [start, end): an entry in a shared PMD table unshares the PUD (as huge_pmd_unshare) and gathers the whole PUD range; other present entries are cleared, hugetlb_usage decreases, the range is gathered in tlb and the folios are freed after the flush. With ref_page only that page's entry is cleared.",
  },
  'unmap-hugepage-range-flush': {
    args: ['vma', 'start', 'end', 'ref_page'],
    doc: 'unmap-hugepage-range with a private mmu_gather that is flushed before returning (unmap_hugepage_range).',
  },
  'hstate-of-vma': { args: ['vma'], doc: "The hstate of a hugetlb VMA's file (its huge page order)." },
  'fault-mutex-hash': {
    args: ['mapping', 'idx'],
    doc: 'An index into hugetlb_fault_mutex_table, tagged with (mapping, idx) so that &hugetlb_fault_mutex_table[hash] is the lock fault_mutex(mapping).',
  },
  'page-count': {
    args: ['page'],
    doc: "The refcount of the page's folio. For a PMD page-table page it is the number of mms sharing it (6.1 counts sharers in the refcount).",
  },
  'pt-share-count': { args: ['ptdesc'], doc: 'The separate share count of a PMD table (6.13+): the number of sharers minus one.' },
  'virt-to-page': { args: ['kaddr'], doc: 'The struct page of a direct-map address; for a pointer to a page-table entry it is the page-table page holding it, i.e. table(kaddr).' },
  'nth-page': {
    args: ['page', 'n'],
    doc: 'The struct page n pages after page, computed through the pfn, so it is right even across memory sections on SPARSEMEM without VMEMMAP.',
  },
  'folio-page': { args: ['folio', 'n'], doc: 'The n-th page of the folio; through the pfn (like nth-page) up to about 6.17.' },
  'page-to-pfn': { args: ['page'], doc: 'The page frame number of a struct page (from its place in the memmap).' },
  'pfn-to-page': { args: ['pfn'], doc: 'The struct page of a page frame number, looked up in the memmap section that holds it.' },
  'compound-head': { args: ['page'], doc: 'The head page (the folio) of a possibly compound page.' },
  'max-order-nr-pages': { args: [], doc: "The number of pages in the largest buddy block, from the scenario's memmap configuration." },
  identity: { args: ['x'], doc: 'Its argument, unchanged (READ_ONCE, likely, unlikely).' },
  min: { args: ['x', 'y'], doc: 'The smaller of two values.' },
  max: { args: ['x', 'y'], doc: 'The larger of two values.' },
  min3: { args: ['x', 'y', 'z'], doc: 'The smallest of three values; can be 0 whenever one argument can.' },
  'err-ptr': { args: ['error'], doc: 'The error pointer that encodes a negative errno.' },
  'ptr-err': { args: ['ptr'], doc: 'The negative errno an error pointer encodes.' },
  'is-err': { args: ['ptr'], doc: 'True for an error pointer (the top 4095 addresses).' },
  'is-err-or-null': { args: ['ptr'], doc: 'True for NULL or an error pointer.' },
  'config-enabled': { args: ['option'], doc: "1 when the scenario's kernel configuration enables the CONFIG_ option, else 0." },
  'release-vma-write-locks': {
    args: ['mm'],
    doc: 'Releases every per-VMA write lock (vma_lock(V), write) taken on VMAs of mm since the mmap write lock was taken; vma_start_write has no unlock of its own.',
  },
};

/**
 * How model strings are read. These are the rules the interpreter applies;
 * docs/models.md prints them above the library.
 */
export const CONVENTIONS: readonly string[] = [
  'Every condition, value, object and lock string is a C expression (models/expr-parser.ts) over the parameter names, `ret` (in `when` of acquires and of cases), constants (simulator/src/interp/constants.ts), the intrinsics table(), lower(), mm_of(), mapping_of(), pud_of(), pmd_of(), old(), the lock constructors, and calls of other modelled functions, which are evaluated through their models (their builtin or their single value case).',
  'The conditions of `requires`, `asserts`, `takes` and `reacquires` and of every case are read before any effect of the call. An effect\'s `when` and an acquire or release `when` may be read as each applies, so the library never lets such a condition depend on an earlier effect of the same call (a test checks it): effects that share a condition the call itself changes (pmd_none before installing a table) form a case instead.',
  'Effects apply in list order. A case value may be evaluated before or after the case\'s effects: values that must see the state before the call say so with the intrinsic old(E) (huge_ptep_get_and_clear returns old(*ptep)), and an allocator\'s value such as pmd_offset(pud, address) names the slot whether or not its table has been installed yet.',
  'Locks apply in list order: `releases` first, then `acquires`; case-level lists follow the model-level ones. Order inside a list is the kernel order (__hugetlb_zap_end frees the VMA lock before it drops i_mmap_rwsem).',
  'A model with `builtin` gets its value from that routine (BUILTINS lists the positional arguments); its declarative fields still give locks, sleeping and effects. Builtin models have no `cases`.',
  'A model without `cases` returns one unknown value of its return type; a void model with cases uses them only to fork effects (the value is `unknown`).',
  '`spin(P)`, `mutex(P)`, `rwsem(P)`, `seq(P)`, `rwlock(P)` and `lock(P)` name the lock P points to: when P holds a lock returned by a model (pmd_lock, huge_pte_lock, *ptlp of pte_offset_map_lock) it is that same lock.',
  '`hugetlb_vma_lock(V)` is whichever hugetlb VMA lock V has: the shared lock in vm_private_data (VM_MAYSHARE), else the private resv_map lock of a reservation owner. When V has neither the kernel helpers do nothing; the models still acquire and release the lock so pairs balance, and `__vma_shareable_lock(vma) || __vma_private_lock(vma)` says whether it is real.',
  'A PMD page-table page shared by N mms has page_count N (6.1 counts sharers in the refcount) and pt_share_count N - 1 (6.13+). A `share` effect changes N; a `refcount` effect on a page-table page (the 6.1 put_page in an unshare) changes the same N.',
  'A parameter bound to an lvalue argument (WRITE_ONCE(x, v), the `*start` of adjust_range_if_pmd_sharing_possible) names that location in `set-field` targets.',
  'Models follow kernel 6.1 unless `version` says otherwise; a `version` names the kernel the model follows and what differs elsewhere.',
  'vma_start_write has no unlock: the per-VMA write lock lasts until mmap_write_unlock (builtin release-vma-write-locks) or mmap_write_downgrade.',
];
