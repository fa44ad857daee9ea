/**
 * Page-table lock helpers (mm-facts §2.2 #13-18) and the PTE map/lock
 * helpers of §2.1 #3-4. Which spinlock guards an entry is the point of
 * this file: ptl(table(e)) is the split lock of the page-table page that
 * holds entry e, ptl(lower(pmd)) the one of the PTE table a PMD points to.
 * Without split locks the interpreter maps both to page_table_lock(mm).
 */
import type { ApiModel, Effect, LockUse, ReturnCase } from '../schema.js';

const PMD_IS_LEAFISH = 'is_swap_pmd(*pmd) || pmd_trans_huge(*pmd) || pmd_devmap(*pmd)';
const PMD_HAS_TABLE = 'pmd_present(*pmd) && !pmd_trans_huge(*pmd) && !pmd_devmap(*pmd)';

/**
 * The return cases of the pte_offset_map family (6.5+). Besides "no table",
 * NULL is also possible with a table present, because khugepaged may retract
 * it between the caller's look and the map (R16e, R25): callers must handle it.
 */
function mapCases(locked: LockUse[], extra: Effect[]): ReturnCase[] {
  return [
    { when: `!(${PMD_HAS_TABLE})`, value: 'NULL', means: 'there is no PTE table under this PMD (none, a huge or devmap leaf, or a migration entry)' },
    {
      when: PMD_HAS_TABLE,
      value: 'pte_offset_kernel(pmd, addr)',
      means: 'the PTE table is mapped and cannot be freed until the matching unmap',
      acquires: locked,
      effects: extra.length ? extra : undefined,
    },
    { when: PMD_HAS_TABLE, value: 'NULL', means: 'the PTE table went away concurrently (khugepaged retraction); the caller must retry or skip' },
  ];
}

export const LOCK_HELPER_MODELS: ApiModel[] = [
  {
    name: 'pmd_lockptr',
    params: ['mm', 'pmd'],
    doc: 'The spinlock guarding a PMD entry: the split ptl of the PMD table page that holds it, or mm->page_table_lock without split PMD locks. For a shared hugetlb PMD table every sharing mm gets the same lock.',
    ref: 'mm-facts §2.2 #13, R15',
    returns: 'lock',
    cases: [{ value: 'ptl(table(pmd))' }],
  },
  {
    name: 'pmd_lock',
    params: ['mm', 'pmd'],
    doc: 'Takes the split ptl of the PMD table that holds this entry (or mm->page_table_lock without split PMD locks) and returns it.',
    ref: 'mm-facts §2.2 #13',
    acquires: [{ lock: 'ptl(table(pmd))' }],
    pairsWith: 'spin_unlock',
    returns: 'lock',
    cases: [{ value: 'ptl(table(pmd))' }],
  },
  {
    name: 'pud_lockptr',
    params: ['mm', 'pud'],
    doc: 'The lock guarding a PUD entry: always mm->page_table_lock, since PUD tables have no split lock. A PUD entry belongs to its own mm even when it points to a shared PMD table.',
    ref: 'mm-facts §2.2 #14, R1',
    returns: 'lock',
    cases: [{ value: 'page_table_lock(mm)' }],
  },
  {
    name: 'pud_lock',
    params: ['mm', 'pud'],
    doc: 'Takes mm->page_table_lock (the lock of every PUD entry of the mm) and returns it.',
    ref: 'mm-facts §2.2 #14',
    acquires: [{ lock: 'page_table_lock(mm)' }],
    pairsWith: 'spin_unlock',
    returns: 'lock',
    cases: [{ value: 'page_table_lock(mm)' }],
  },
  {
    name: 'pte_lockptr',
    params: ['mm', 'pmd'],
    doc: 'The split ptl of the PTE table this PMD entry points to (mm->page_table_lock without split PTE locks). Does not take it.',
    ref: 'mm-facts §2.2 #15',
    returns: 'lock',
    cases: [{ value: 'ptl(lower(pmd))' }],
  },
  {
    name: 'huge_pte_lockptr',
    params: ['h', 'mm', 'pte'],
    version: '6.1 (takes the hstate); recent kernels take a page shift instead, with the same rule',
    doc: "The lock of a hugetlb entry: for PMD-size pages the split ptl of the PMD table that holds it (shared by every mm sharing that table); for any other size mm->page_table_lock.",
    ref: 'mm-facts §2.2 #16, R15',
    returns: 'lock',
    cases: [
      { when: 'huge_page_size(h) == PMD_SIZE', value: 'ptl(table(pte))' },
      { when: 'huge_page_size(h) != PMD_SIZE', value: 'page_table_lock(mm)' },
    ],
  },
  {
    name: 'huge_pte_lock',
    params: ['h', 'mm', 'pte'],
    version: '6.1 (takes the hstate)',
    doc: 'Takes and returns the lock huge_pte_lockptr picks: the PMD table ptl for PMD-size pages, else page_table_lock. pte must not be NULL, and the caller keeps the table alive with the hugetlb VMA lock, i_mmap_rwsem or the mmap write lock.',
    ref: 'mm-facts §2.2 #17, R9, R15',
    acquires: [
      { lock: 'ptl(table(pte))', when: 'huge_page_size(h) == PMD_SIZE' },
      { lock: 'page_table_lock(mm)', when: 'huge_page_size(h) != PMD_SIZE' },
    ],
    pairsWith: 'spin_unlock',
    returns: 'lock',
    cases: [
      { when: 'huge_page_size(h) == PMD_SIZE', value: 'ptl(table(pte))' },
      { when: 'huge_page_size(h) != PMD_SIZE', value: 'page_table_lock(mm)' },
    ],
  },
  {
    name: '__pmd_trans_huge_lock',
    params: ['pmd', 'vma'],
    version: '6.0 (thp-6.0)',
    doc: 'Takes the PMD ptl; if the entry is a THP, devmap or swap/migration PMD it returns that lock still held, otherwise it unlocks and returns NULL with nothing held.',
    ref: 'mm-facts §2.2 #18, R19',
    takes: [{ lock: 'ptl(table(pmd))', when: `!(${PMD_IS_LEAFISH})` }],
    pairsWith: 'spin_unlock',
    returns: 'lock',
    cases: [
      {
        when: PMD_IS_LEAFISH,
        value: 'ptl(table(pmd))',
        acquires: [{ lock: 'ptl(table(pmd))' }],
        means: 'the PMD is a huge (or migration) entry and its ptl is held',
      },
      { when: `!(${PMD_IS_LEAFISH})`, value: 'NULL', means: 'the PMD is not huge: no lock is held' },
    ],
  },
  {
    name: 'pmd_trans_huge_lock',
    params: ['pmd', 'vma'],
    doc: 'Inline wrapper of __pmd_trans_huge_lock with a lockless pre-check: the PMD ptl held and returned for a huge, devmap or swap PMD, else NULL with nothing held.',
    ref: 'mm-facts §2.2 #18',
    takes: [{ lock: 'ptl(table(pmd))', when: `!(${PMD_IS_LEAFISH})` }],
    pairsWith: 'spin_unlock',
    returns: 'lock',
    cases: [
      { when: PMD_IS_LEAFISH, value: 'ptl(table(pmd))', acquires: [{ lock: 'ptl(table(pmd))' }], means: 'the PMD is huge and its ptl is held' },
      { when: `!(${PMD_IS_LEAFISH})`, value: 'NULL', means: 'the PMD is not huge: no lock is held' },
    ],
  },
  {
    name: 'pte_offset_map',
    params: ['pmd', 'addr'],
    version: '6.5+ (before 6.5 it was plain arithmetic and the caller had to check the PMD)',
    doc: 'Reads the PMD without its lock and, when it points to a PTE table, maps it under rcu_read_lock, which stays held until pte_unmap. Returns NULL for an empty, huge or migration PMD, or when the table is retracted concurrently. No sleeping until pte_unmap.',
    ref: 'mm-facts §2.1 #3, R16e',
    pairsWith: 'pte_unmap',
    returns: 'entry',
    cases: mapCases([{ lock: 'rcu()' }], []),
  },
  {
    name: '__pte_offset_map',
    params: ['pmd', 'addr', 'pmdvalp'],
    version: '6.5+',
    doc: 'The body of pte_offset_map; also stores the PMD value it mapped from in *pmdvalp when that is not NULL, so the caller can re-check it under the lock.',
    ref: 'mm-facts §2.1 #3',
    pairsWith: 'pte_unmap',
    returns: 'entry',
    cases: mapCases([{ lock: 'rcu()' }], [{ kind: 'set-field', target: '*pmdvalp', value: 'old(*pmd)', when: 'pmdvalp != NULL' }]),
  },
  {
    name: 'pte_unmap',
    params: ['pte'],
    doc: 'Ends a pte_offset_map: unmaps the table and leaves the RCU read section.',
    ref: 'mm-facts §2.1 #3',
    releases: [{ lock: 'rcu()' }],
    returns: 'void',
  },
  {
    name: 'pte_offset_map_lock',
    params: ['mm', 'pmd', 'addr', 'ptlp'],
    version: '6.5+ (may return NULL)',
    doc: 'Maps the PTE table as pte_offset_map does, takes its split ptl, and checks the PMD did not change meanwhile (retrying if it did). Returns the PTE pointer with RCU and the ptl held and the lock in *ptlp, or NULL with nothing held.',
    ref: 'mm-facts §2.1 #4, R16e, R17',
    pairsWith: 'pte_unmap_unlock',
    returns: 'entry',
    cases: mapCases([{ lock: 'rcu()' }, { lock: 'ptl(lower(pmd))' }], [{ kind: 'set-field', target: '*ptlp', value: 'ptl(lower(pmd))' }]),
  },
  {
    name: 'pte_unmap_unlock',
    params: ['pte', 'ptl'],
    doc: 'Drops the PTE ptl, then unmaps the table and leaves the RCU read section.',
    ref: 'mm-facts §2.1 #4',
    releases: [{ lock: 'spin(ptl)' }, { lock: 'rcu()' }],
    returns: 'void',
  },
  {
    name: 'pte_offset_map_nolock',
    params: ['mm', 'pmd', 'addr', 'ptlp'],
    version: '6.5-6.12 (split into _ro_nolock and _rw_nolock in 6.13)',
    doc: 'Maps the PTE table like pte_offset_map (RCU held until pte_unmap) and stores its ptl in *ptlp without taking it. NULL when there is no table.',
    ref: 'mm-facts §2.1 #4',
    pairsWith: 'pte_unmap',
    returns: 'entry',
    cases: mapCases([{ lock: 'rcu()' }], [{ kind: 'set-field', target: '*ptlp', value: 'ptl(lower(pmd))' }]),
  },
  {
    name: 'pte_offset_map_ro_nolock',
    params: ['mm', 'pmd', 'addr', 'ptlp'],
    version: '6.13+',
    doc: 'For read-only users: maps the PTE table under RCU and stores its ptl in *ptlp without taking it. NULL when there is no table.',
    ref: 'mm-facts §2.1 #4',
    pairsWith: 'pte_unmap',
    returns: 'entry',
    cases: mapCases([{ lock: 'rcu()' }], [{ kind: 'set-field', target: '*ptlp', value: 'ptl(lower(pmd))' }]),
  },
  {
    name: 'pte_offset_map_rw_nolock',
    params: ['mm', 'pmd', 'addr', 'pmdvalp', 'ptlp'],
    version: '6.13+',
    doc: 'For users that will modify entries: maps the PTE table under RCU, returns the PMD value it saw in *pmdvalp and the ptl in *ptlp without taking it; after locking, the caller must re-check the PMD against *pmdvalp.',
    ref: 'mm-facts §2.1 #4, R17',
    pairsWith: 'pte_unmap',
    returns: 'entry',
    cases: mapCases(
      [{ lock: 'rcu()' }],
      [
        { kind: 'set-field', target: '*ptlp', value: 'ptl(lower(pmd))' },
        { kind: 'set-field', target: '*pmdvalp', value: 'old(*pmd)' },
      ],
    ),
  },
];
