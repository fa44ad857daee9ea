/**
 * Page-table walking and allocation (mm-facts §2.1). The offset helpers are
 * builtins because their result is a place in the simulated page-table
 * tree; the allocators are declarative: they install a table when the upper
 * entry is empty and count it, under the lock they take themselves.
 */
import type { ApiModel, LockUse } from '../schema.js';

// The mmap lock or the per-VMA lock keeps the VMA (and so its tables) from being torn down.
const STABLE_VMA: LockUse = { lock: 'mmap_lock(mm)', mode: 'read', anyMode: true, alternatives: [{ lock: 'vma_lock(vma)', mode: 'read', anyMode: true }] };

export const PGTABLE_WALK_MODELS: ApiModel[] = [
  {
    name: 'pgd_offset',
    params: ['mm', 'addr'],
    doc: 'Index arithmetic: the top-level entry for addr in mm->pgd, which lives as long as the mm. Never NULL, no locks.',
    ref: 'mm-facts §2.1 #1',
    returns: 'entry',
    builtin: 'pt-offset:pgd',
  },
  {
    name: 'p4d_offset',
    params: ['pgd', 'addr'],
    doc: 'Index arithmetic into the table the PGD entry points to (the PGD entry itself when P4D is folded). The upper entry must point to a table that cannot be freed meanwhile.',
    ref: 'mm-facts §2.1 #2',
    returns: 'entry',
    builtin: 'pt-offset:p4d',
  },
  {
    name: 'pud_offset',
    params: ['p4d', 'addr'],
    doc: 'Index arithmetic: the PUD entry for addr in the table the P4D entry points to. No locks, no sleeping.',
    ref: 'mm-facts §2.1 #2',
    returns: 'entry',
    builtin: 'pt-offset:pud',
  },
  {
    name: 'pmd_offset',
    params: ['pud', 'addr'],
    doc: 'Index arithmetic into the PMD table the PUD entry points to. For a hugetlb PMD table that may be shared, the pointer is only safe while the hugetlb VMA lock or i_mmap_rwsem keeps the table from being unshared and freed (R9).',
    ref: 'mm-facts §2.1 #2, R9',
    returns: 'entry',
    builtin: 'pt-offset:pmd',
  },
  {
    name: 'pte_offset_kernel',
    params: ['pmd', 'addr'],
    doc: 'Index arithmetic into the PTE table the PMD entry points to, with no mapping, RCU or lock: the caller must know the table stays.',
    ref: 'include/linux/pgtable.h; mm-facts R16e',
    returns: 'entry',
    builtin: 'pt-offset:pte',
  },
  {
    name: 'huge_pte_offset',
    params: ['mm', 'addr', 'sz'],
    doc: 'Walks to the hugetlb slot for addr without locks: NULL when an upper level is missing; the PUD slot for PUD_SIZE (even if empty); else NULL when the PUD is not present, otherwise the PMD slot. Keeping the pointer needs the hugetlb VMA lock or i_mmap_rwsem when the PMD table may be shared; reading the entry needs the ptl.',
    ref: 'mm-facts §2.1 #5, R9',
    returns: 'entry',
    builtin: 'huge-pte-offset',
  },
  {
    name: 'hugetlb_walk',
    params: ['vma', 'addr', 'sz'],
    version: '6.3+',
    doc: "huge_pte_offset on the VMA's mm. For a VMA with a shareable lock, lockdep warns once unless the hugetlb VMA lock or the mapping's i_mmap_rwsem is held in some mode; the simulator checks that always.",
    ref: 'mm-facts §2.1 #6, R9',
    requires: [
      {
        lock: 'hugetlb_vma_lock(vma)',
        anyMode: true,
        // Only hugetlb VMAs have the shareable lock, so a path on which the VMA is not hugetlb asks nothing.
        when: 'is_vm_hugetlb_page(vma) && __vma_shareable_lock(vma)',
        alternatives: [{ lock: 'i_mmap_rwsem(mapping_of(vma))', anyMode: true }],
      },
    ],
    returns: 'entry',
    cases: [{ value: 'huge_pte_offset(vma->vm_mm, addr, sz)' }],
  },
  {
    name: 'huge_pte_alloc',
    params: ['mm', 'vma', 'addr', 'sz'],
    doc: 'Creates the missing upper tables and returns the hugetlb slot for addr: the PUD slot for PUD_SIZE; for PMD_SIZE a shared PMD table through huge_pmd_share when want_pmd_share allows and the PUD is empty, else a private one. NULL on ENOMEM. BUGs on any other size or when the slot holds a table. May sleep (GFP_KERNEL, i_mmap_rwsem).',
    ref: 'mm-facts §2.1 #7, R3',
    sleeps: true,
    requires: [STABLE_VMA],
    takes: [
      { lock: 'i_mmap_rwsem(mapping_of(vma))', mode: 'read', when: 'sz == PMD_SIZE && want_pmd_share(vma, addr)' },
      { lock: 'page_table_lock(mm)' },
    ],
    returns: 'entry',
    builtin: 'huge-pte-alloc',
  },
  {
    name: '__pud_alloc',
    params: ['mm', 'p4d', 'address'],
    doc: 'Allocates a PUD table and, under page_table_lock, links it into the P4D entry if that is still empty (counting it in nr_puds); otherwise frees it. 0 or -ENOMEM. May sleep.',
    ref: 'mm-facts §2.1 #8, R4',
    sleeps: true,
    takes: [{ lock: 'page_table_lock(mm)' }],
    returns: 'errno',
    cases: [
      {
        when: 'p4d_none(*p4d)',
        value: '0',
        means: 'the P4D entry now points to a new PUD table',
        effects: [
          { kind: 'write-entry', entry: 'p4d', level: 'p4d', value: 'table' },
          { kind: 'counter', counter: 'nr_puds', of: 'mm', delta: 1 },
        ],
      },
      { when: '!p4d_none(*p4d)', value: '0', means: 'another thread installed the PUD table first; the new one was freed' },
      { value: '-ENOMEM', means: 'the PUD table could not be allocated' },
    ],
  },
  {
    name: 'pud_alloc',
    params: ['mm', 'p4d', 'address'],
    doc: 'The PUD slot for address, first allocating the PUD table through __pud_alloc when the P4D entry is empty. NULL on ENOMEM.',
    ref: 'mm-facts §2.1 #8',
    sleeps: true,
    takes: [{ lock: 'page_table_lock(mm)', when: 'p4d_none(*p4d)' }],
    returns: 'pointer',
    cases: [
      { when: '!p4d_none(*p4d)', value: 'pud_offset(p4d, address)', means: 'the PUD table already existed' },
      {
        when: 'p4d_none(*p4d)',
        value: 'pud_offset(p4d, address)',
        means: 'a new PUD table was installed',
        effects: [
          { kind: 'write-entry', entry: 'p4d', level: 'p4d', value: 'table' },
          { kind: 'counter', counter: 'nr_puds', of: 'mm', delta: 1 },
        ],
      },
      { when: 'p4d_none(*p4d)', value: 'NULL', means: 'allocating the PUD table failed (ENOMEM)' },
    ],
  },
  {
    name: '__pmd_alloc',
    params: ['mm', 'pud', 'address'],
    doc: 'Allocates a PMD table and, under pud_lock (page_table_lock), links it into the PUD entry if that is still empty, adding one to nr_pmds; otherwise frees it. 0 or -ENOMEM. May sleep.',
    ref: 'mm-facts §2.1 #9, R4',
    sleeps: true,
    takes: [{ lock: 'page_table_lock(mm)' }],
    returns: 'errno',
    cases: [
      {
        when: 'pud_none(*pud)',
        value: '0',
        means: 'the PUD entry now points to a new PMD table',
        effects: [
          { kind: 'write-entry', entry: 'pud', level: 'pud', value: 'table' },
          { kind: 'counter', counter: 'nr_pmds', of: 'mm', delta: 1 },
        ],
      },
      { when: '!pud_none(*pud)', value: '0', means: 'another thread installed the PMD table first; the new one was freed' },
      { value: '-ENOMEM', means: 'the PMD table could not be allocated' },
    ],
  },
  {
    name: 'pmd_alloc',
    params: ['mm', 'pud', 'address'],
    doc: 'The PMD slot for address, first allocating the PMD table through __pmd_alloc when the PUD entry is empty. NULL on ENOMEM. huge_pmd_share ends with it on purpose, inside its i_mmap_rwsem section.',
    ref: 'mm-facts §2.1 #9, R3',
    sleeps: true,
    takes: [{ lock: 'page_table_lock(mm)', when: 'pud_none(*pud)' }],
    returns: 'pointer',
    cases: [
      { when: '!pud_none(*pud)', value: 'pmd_offset(pud, address)', means: 'the PMD table already existed (possibly a shared one)' },
      {
        when: 'pud_none(*pud)',
        value: 'pmd_offset(pud, address)',
        means: 'a new private PMD table was installed',
        effects: [
          { kind: 'write-entry', entry: 'pud', level: 'pud', value: 'table' },
          { kind: 'counter', counter: 'nr_pmds', of: 'mm', delta: 1 },
        ],
      },
      { when: 'pud_none(*pud)', value: 'NULL', means: 'allocating the PMD table failed (ENOMEM)' },
    ],
  },
  {
    name: '__pte_alloc',
    params: ['mm', 'pmd'],
    doc: 'Allocates a PTE table (may sleep) and installs it with pmd_install under the PMD ptl if the PMD entry is still empty. 0 or -ENOMEM.',
    ref: 'mm-facts §2.1 #10, R4',
    sleeps: true,
    takes: [{ lock: 'ptl(table(pmd))' }],
    returns: 'errno',
    cases: [
      {
        when: 'pmd_none(*pmd)',
        value: '0',
        means: 'the PMD entry now points to a new PTE table',
        effects: [
          { kind: 'write-entry', entry: 'pmd', level: 'pmd', value: 'table' },
          { kind: 'counter', counter: 'nr_ptes', of: 'mm', delta: 1 },
        ],
      },
      { when: '!pmd_none(*pmd)', value: '0', means: 'the PMD entry was filled meanwhile; the new table was freed' },
      { value: '-ENOMEM', means: 'the PTE table could not be allocated' },
    ],
  },
  {
    name: 'pmd_install',
    params: ['mm', 'pmd', 'pte'],
    doc: 'Under the PMD ptl, links the preallocated PTE table *pte into an empty PMD entry (nr_ptes +1, with a write barrier first) and clears *pte so the caller does not free it; leaves both alone when the entry was filled meanwhile. Does not sleep.',
    ref: 'mm-facts §2.1 #10, R4',
    takes: [{ lock: 'ptl(table(pmd))' }],
    returns: 'void',
    cases: [
      {
        when: 'pmd_none(*pmd)',
        value: 'unknown',
        means: 'the PTE table was installed and *pte cleared',
        effects: [
          { kind: 'write-entry', entry: 'pmd', level: 'pmd', value: 'table' },
          { kind: 'counter', counter: 'nr_ptes', of: 'mm', delta: 1 },
          { kind: 'set-field', target: '*pte', value: 'null' },
        ],
      },
      { when: '!pmd_none(*pmd)', value: 'unknown', means: 'the PMD was filled meanwhile; the caller frees its table' },
    ],
  },
  {
    name: 'vma_pgtable_walk_begin',
    params: ['vma'],
    doc: 'Before a page-table walk: on hugetlb VMAs takes the hugetlb VMA lock for read (may sleep), so a shared PMD table cannot be unshared and freed under the walker; otherwise nothing.',
    ref: 'mm-facts §2.1 #11',
    version: '6.10+',
    sleeps: true,
    acquires: [{ lock: 'hugetlb_vma_lock(vma)', mode: 'read', when: 'vma->vm_flags & VM_HUGETLB' }],
    pairsWith: 'vma_pgtable_walk_end',
    returns: 'void',
  },
  {
    name: 'vma_pgtable_walk_end',
    params: ['vma'],
    doc: 'Ends a walk started with vma_pgtable_walk_begin: on hugetlb VMAs drops the hugetlb VMA read lock; otherwise nothing.',
    ref: 'mm-facts §2.1 #11',
    version: '6.10+',
    releases: [{ lock: 'hugetlb_vma_lock(vma)', mode: 'read', when: 'vma->vm_flags & VM_HUGETLB' }],
    returns: 'void',
  },
  {
    name: 'hugetlb_mask_last_page',
    params: ['h'],
    doc: 'The mask a hugetlb walk ORs into the address when an upper level is missing, to jump to the last huge page under it: PUD_SIZE - PMD_SIZE for PMD-size pages, P4D_SIZE - PUD_SIZE for PUD-size ones, else 0 (generic version; arm64 overrides it).',
    ref: 'mm-facts §2.1 #12, R2',
    returns: 'unsigned long',
    cases: [
      {
        value: 'huge_page_size(h) == PMD_SIZE ? PUD_SIZE - PMD_SIZE : huge_page_size(h) == PUD_SIZE ? P4D_SIZE - PUD_SIZE : 0',
      },
    ],
  },
];
