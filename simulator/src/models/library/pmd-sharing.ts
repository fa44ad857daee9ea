/**
 * Hugetlb PMD sharing (mm-facts §2.4, rules R1-R8). Sharing and unsharing
 * change three things together: this mm's PUD entry, the share count of
 * the PMD table page, and this mm's nr_pmds. The locks are the point:
 * sharing needs i_mmap_rwsem for read, unsharing needs it for write plus
 * the hugetlb VMA lock, and the TLB must be flushed before i_mmap_rwsem is
 * dropped.
 */
import type { ApiModel, LockUse, ReturnCase } from '../schema.js';

const A = 'ALIGN(vma->vm_start, PUD_SIZE)';
const B = 'ALIGN_DOWN(vma->vm_end, PUD_SIZE)';
const WIDEN = `(vma->vm_flags & VM_MAYSHARE) && ${A} < ${B} && *start < ${B} && *end > ${A}`;
// hugetlb_split unshares the one PUD interval around a split address that is not PUD-aligned.
const SPLIT_PMD = 'pmd_of(mm_of(vma), addr)';
const SPLIT_UNSHARES = `!IS_ALIGNED(addr, PUD_SIZE) && vma->vm_start <= ALIGN_DOWN(addr, PUD_SIZE) && ALIGN(addr, PUD_SIZE) <= vma->vm_end && ${SPLIT_PMD} != NULL && hugetlb_pmd_shared(${SPLIT_PMD})`;
/**
 * The widening of adjust_range_if_pmd_sharing_possible as return cases (the
 * function is void): the two stores happen together or not at all, so the
 * condition is decided once, before either store changes *start.
 */
export function widenCases(extraWhen?: string): ReturnCase[] {
  const when = extraWhen ? `(${extraWhen}) && ${WIDEN}` : WIDEN;
  return [
    {
      when,
      value: 'unknown',
      means: 'the range was widened to the PUD boundaries inside the VMA',
      effects: [
        { kind: 'set-field', target: '*start', value: `*start > ${A} ? ALIGN_DOWN(*start, PUD_SIZE) : *start` },
        { kind: 'set-field', target: '*end', value: `*end < ${B} ? ALIGN(*end, PUD_SIZE) : *end` },
      ],
    },
    { when: `!(${when})`, value: 'unknown', means: 'PMD sharing is impossible for this range; it is unchanged' },
  ];
}
const I_MMAP_WRITE: LockUse = { lock: 'i_mmap_rwsem(mapping_of(vma))', mode: 'write' };

export const PMD_SHARING_MODELS: ApiModel[] = [
  {
    name: 'huge_pmd_share',
    params: ['mm', 'vma', 'addr', 'pud'],
    version: "6.1 search and counting (sharers counted in the table page's refcount, 6.13+ in pt_share_count); the install lock follows Peter Xu's 2023 fix (page_table_lock), where 6.1 used the shared table's ptl",
    doc: "Under i_mmap_rwsem (read) looks through the file's other VMAs for one mapping the same index with a shareable PMD table; takes a share of it and, if our PUD is still empty, points the PUD at it and counts nr_pmds. Always ends with pmd_alloc inside the same i_mmap section. Returns the PMD slot, or NULL on ENOMEM. May sleep.",
    ref: 'mm-facts §2.4 #41, R3, R4, R5',
    sleeps: true,
    requires: [
      { lock: 'mmap_lock(mm)', mode: 'read', anyMode: true, alternatives: [{ lock: 'vma_lock(vma)', mode: 'read', anyMode: true }] },
      { lock: 'hugetlb_vma_lock(vma)', anyMode: true },
    ],
    takes: [{ lock: 'i_mmap_rwsem(mapping_of(vma))', mode: 'read' }, { lock: 'page_table_lock(mm)' }],
    returns: 'entry',
    builtin: 'huge-pmd-share',
  },
  {
    name: 'page_table_shareable',
    params: ['svma', 'vma', 'addr', 'idx'],
    doc: 'The address in svma that maps the same file index as addr in vma, but only when both sit at the same PMD index, the flags match apart from VM_LOCKED/VM_LOCKONFAULT, svma covers that whole PUD-aligned range and svma has a VMA lock; otherwise 0. No locks.',
    ref: 'mm-facts §2.4 #42, R5h',
    returns: 'unsigned long',
    cases: [
      { when: '!svma->vm_private_data', value: '0', means: 'the other VMA has no VMA lock, so it cannot share' },
      { when: '(svma->vm_flags & ~VM_LOCKED_MASK) != (vma->vm_flags & ~VM_LOCKED_MASK)', value: '0', means: 'the two VMAs differ in flags' },
      {
        when: 'svma->vm_private_data && (svma->vm_flags & ~VM_LOCKED_MASK) == (vma->vm_flags & ~VM_LOCKED_MASK)',
        value: 'unknown',
        means: "nonzero only when svma's address has the same PMD index and svma covers its PUD range",
      },
    ],
  },
  {
    name: 'vma_shareable',
    params: ['vma', 'addr'],
    version: 'older kernels and the HGM series; 6.1 does the same checks inside want_pmd_share',
    doc: 'True when the VMA may share the PMD table for addr: VM_MAYSHARE, a VMA lock in vm_private_data, and the whole PUD-aligned PUD_SIZE range around addr inside the VMA.',
    ref: 'mm-facts §2.4 #43, R5',
    returns: 'bool',
    cases: [
      { value: '(vma->vm_flags & VM_MAYSHARE) != 0 && vma->vm_private_data != NULL && vma->vm_start <= (addr & PUD_MASK) && (addr & PUD_MASK) + PUD_SIZE <= vma->vm_end' },
    ],
  },
  {
    name: '__vma_aligned_range_pmd_shareable',
    params: ['vma', 'start', 'end', 'check_vma_lock'],
    version: 'recent',
    doc: 'True when the VMA is VM_MAYSHARE, has a VMA lock (when check_vma_lock asks), and contains [start, end).',
    ref: 'mm-facts §2.4 #43',
    returns: 'bool',
    cases: [
      { value: '(vma->vm_flags & VM_MAYSHARE) != 0 && (!check_vma_lock || vma->vm_private_data != NULL) && vma->vm_start <= start && end <= vma->vm_end' },
    ],
  },
  {
    name: 'uffd_disable_huge_pmd_share',
    params: ['vma'],
    doc: 'True when the VMA is registered with userfaultfd in WP or MINOR mode (newer trees add RWP): such VMAs must not share PMD tables, since that state is per entry and per mapping.',
    ref: 'mm-facts §2.4 #44, R5e',
    returns: 'bool',
    cases: [{ value: '(vma->vm_flags & (VM_UFFD_WP | VM_UFFD_MINOR)) != 0' }],
  },
  {
    name: 'want_pmd_share',
    params: ['vma', 'addr'],
    doc: 'Whether a fault at addr should try PMD sharing: only with CONFIG_ARCH_WANT_HUGE_PMD_SHARE, never for uffd WP/MINOR VMAs, and otherwise as vma_shareable decides.',
    ref: 'mm-facts §2.4 #44, R5',
    returns: 'bool',
    cases: [{ value: 'IS_ENABLED(CONFIG_ARCH_WANT_HUGE_PMD_SHARE) && !uffd_disable_huge_pmd_share(vma) && vma_shareable(vma, addr)' }],
  },
  {
    name: 'adjust_range_if_pmd_sharing_possible',
    params: ['vma', 'start', 'end'],
    doc: 'Widens [*start, *end) to PUD boundaries when the VMA is VM_MAYSHARE and the range overlaps its PUD-aligned interior, because an unshare drops a whole PUD of translations. Deliberately looks at no uffd flag or lock. No locks.',
    ref: 'mm-facts §2.4 #46, R7',
    returns: 'void',
    cases: widenCases(),
  },
  {
    name: 'huge_pmd_unshare',
    params: ['mm', 'vma', 'addr', 'ptep'],
    version: '6.1 (mm, vma, addr, ptep); share count is the table page refcount',
    doc: "If the PMD table holding ptep is shared, clears this mm's PUD entry, drops one share and one nr_pmds, and returns 1; otherwise returns 0 (6.1 BUGs on a zero refcount). The caller must hold i_mmap_rwsem for write and the hugetlb VMA lock, and flush the PUD range before dropping i_mmap_rwsem. 6.13+ counts sharers in pt_share_count and returns 0 for non-PMD hstates; 6.16 and stable add a GUP-fast IPI after the clear; recent kernels take (tlb, vma, addr, ptep), record the unshare in the mmu_gather and need huge_pmd_unshare_flush before i_mmap_rwsem is dropped.",
    ref: 'mm-facts §2.4 #47, R1, R2, R6, R8',
    requires: [
      { lock: 'i_mmap_rwsem(mapping_of(vma))', mode: 'write' },
      // Like the kernel's assertion, this only applies when the VMA has a hugetlb VMA lock at all.
      { lock: 'hugetlb_vma_lock(vma)', anyMode: true, when: '__vma_shareable_lock(vma) || __vma_private_lock(vma)' },
    ],
    returns: 'int',
    cases: [
      { when: 'page_count(virt_to_page(ptep)) == 1', value: '0', means: 'the PMD table was not shared' },
      {
        when: 'page_count(virt_to_page(ptep)) > 1',
        value: '1',
        means: "the PMD table was shared and this mm's PUD entry was cleared",
        effects: [
          { kind: 'write-entry', entry: 'pud_of(mm, addr)', level: 'pud', value: 'none' },
          { kind: 'share', table: 'table(ptep)', delta: -1 },
          { kind: 'counter', counter: 'nr_pmds', of: 'mm', delta: -1 },
        ],
      },
    ],
  },
  {
    name: 'huge_pmd_unshare_flush',
    params: ['tlb', 'vma'],
    version: 'recent (Dec 2025 mmu_gather-batched unshare)',
    doc: 'Completes the unshares recorded in the gather: flushes the TLB and, only when needed, sends the IPI that waits out GUP-fast walkers. Must run before i_mmap_rwsem is dropped.',
    ref: 'mm-facts §2.4 #47, R6, R8',
    requires: [I_MMAP_WRITE],
    effects: [{ kind: 'tlb-flush-gather', tlb: 'tlb' }, { kind: 'gup-fast-sync' }],
    returns: 'void',
  },
  {
    name: 'hugetlb_pmd_shared',
    params: ['pte'],
    version: '6.1 meaning (table refcount above 1); 6.13+ reads pt_share_count, with the same answer',
    doc: 'True when the PMD table holding this hugetlb entry is shared with another mm.',
    ref: 'mm-facts §2.4 #47, #50, R2',
    returns: 'bool',
    cases: [{ value: 'page_count(virt_to_page(pte)) > 1' }],
  },
  {
    name: 'hugetlb_unshare_pmds',
    params: ['vma', 'start', 'end', 'take_locks'],
    version: 'the take_locks form of the CVE-2025-38084 fix (6.16, stable 6.6 and 6.1); earlier kernels always took the locks',
    doc: 'For a VM_MAYSHARE VMA: flush_cache_range, notifier start, then (with take_locks) the VMA lock and i_mmap_rwsem for write, else asserting i_mmap_rwsem write; unshares every shared PMD table in the already PUD-aligned range under its ptl; flushes the TLB before unlocking, then ends the notifier.',
    ref: 'mm-facts §2.4 #48, R6, R21',
    sleeps: true,
    asserts: [{ ...I_MMAP_WRITE, when: '!take_locks' }],
    takes: [
      { lock: 'mmu_notifier(vma->vm_mm)', when: 'vma->vm_flags & VM_MAYSHARE' },
      { lock: 'hugetlb_vma_lock(vma)', mode: 'write', when: '(vma->vm_flags & VM_MAYSHARE) && take_locks' },
      { ...I_MMAP_WRITE, when: '(vma->vm_flags & VM_MAYSHARE) && take_locks' },
    ],
    returns: 'void',
    builtin: 'hugetlb-unshare-range',
  },
  {
    name: 'hugetlb_split',
    params: ['vma', 'addr'],
    version: 'CVE-2025-38084 fix: 6.16, stable 6.6 and 6.1',
    doc: "Called from __split_vma with the VMA write lock and i_mmap_rwsem (write) held: when addr is not PUD-aligned and the surrounding PUD interval lies inside the VMA, unshares that interval (hugetlb_unshare_pmds without taking locks). It does not take the hugetlb VMA lock, which cannot follow i_mmap_rwsem.",
    ref: 'mm-facts §2.4 #49, R10, R12',
    asserts: [{ lock: 'vma_lock(vma)', mode: 'write' }, I_MMAP_WRITE],
    takes: [{ lock: 'ptl(table(pmd_of(mm_of(vma), addr)))', when: SPLIT_UNSHARES }],
    returns: 'void',
    cases: [
      {
        when: SPLIT_UNSHARES,
        value: 'unknown',
        means: 'the PUD interval around addr was unshared and flushed',
        effects: [
          { kind: 'share', table: `table(${SPLIT_PMD})`, delta: -1 },
          { kind: 'write-entry', entry: 'pud_of(mm_of(vma), addr)', level: 'pud', value: 'none' },
          { kind: 'counter', counter: 'nr_pmds', of: 'mm_of(vma)', delta: -1 },
          { kind: 'tlb-flush', vma: 'vma', start: 'ALIGN_DOWN(addr, PUD_SIZE)', end: 'ALIGN(addr, PUD_SIZE)' },
        ],
      },
      { when: `!(${SPLIT_UNSHARES})`, value: 'unknown', means: 'nothing to unshare at this split address' },
    ],
  },
  {
    name: 'hugetlb_vm_op_split',
    params: ['vma', 'addr'],
    version: 'recent; before the CVE-2025-38084 fix (older 6.1) it also unshared here, before the split locks were taken',
    doc: 'The split hook of hugetlb VMAs: refuses (-EINVAL) a split address that is not aligned to the huge page size.',
    ref: 'mm-facts §2.4 #49, R12',
    returns: 'errno',
    cases: [
      { when: '!IS_ALIGNED(addr, huge_page_size(hstate_vma(vma)))', value: '-EINVAL', means: 'the split address is not huge-page aligned' },
      { when: 'IS_ALIGNED(addr, huge_page_size(hstate_vma(vma)))', value: '0', means: 'the split may proceed' },
    ],
  },
  {
    name: 'virt_to_ptdesc',
    params: ['x'],
    version: '6.6+',
    doc: 'The ptdesc (page-table descriptor) of the page-table page that holds a kernel address; for an entry pointer, its table page.',
    ref: 'mm-facts §2.4 #50',
    returns: 'pointer',
    builtin: 'virt-to-page',
  },
  {
    name: 'ptdesc_pmd_pts_inc',
    params: ['ptdesc'],
    version: '6.13+',
    doc: "Adds one sharer to a PMD table's pt_share_count.",
    ref: 'mm-facts §2.4 #50, R3',
    effects: [{ kind: 'share', table: 'ptdesc', delta: 1 }],
    returns: 'void',
  },
  {
    name: 'ptdesc_pmd_pts_dec',
    params: ['ptdesc'],
    version: '6.13+',
    doc: "Removes one sharer from a PMD table's pt_share_count.",
    ref: 'mm-facts §2.4 #50, R2',
    effects: [{ kind: 'share', table: 'ptdesc', delta: -1 }],
    returns: 'void',
  },
  {
    name: 'ptdesc_pmd_pts_count',
    params: ['ptdesc'],
    version: '6.13+',
    doc: "A PMD table's pt_share_count: 0 for a table with one user, one more for each extra sharer. It replaced the page refcount, which others can raise temporarily.",
    ref: 'mm-facts §2.4 #50',
    returns: 'int',
    builtin: 'pt-share-count',
  },
  {
    name: 'ptdesc_pmd_is_shared',
    params: ['ptdesc'],
    version: '6.13+',
    doc: 'True when the PMD table has sharers besides its first user.',
    ref: 'mm-facts §2.4 #50',
    returns: 'bool',
    cases: [{ value: 'ptdesc_pmd_pts_count(ptdesc) > 0' }],
  },
];
