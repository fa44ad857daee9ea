/**
 * Zapping, splitting and freeing page tables (mm-facts §2.7, R13, R19,
 * R20). The hugetlb unmap bodies are builtins (they walk a range and may
 * unshare); the wrappers around them state the locks: the hugetlb VMA lock
 * and i_mmap_rwsem for write around every hugetlb zap, freed in the right
 * order at final unmap.
 */
import type { ApiModel, Effect, LockUse } from '../schema.js';
import { widenCases } from './pmd-sharing.js';

const PMD_IS_HUGE = 'is_swap_pmd(*pmd) || pmd_trans_huge(*pmd) || pmd_devmap(*pmd)';
const HAS_VMA_LOCK = '__vma_shareable_lock(vma) || __vma_private_lock(vma)';
// Zapping needs the VMA to stay: the mmap lock, its per-VMA lock or an rmap lock (R16b).
const VMA_STABLE: LockUse = {
  lock: 'mmap_lock(vma->vm_mm)',
  anyMode: true,
  alternatives: [{ lock: 'vma_lock(vma)', anyMode: true }, { lock: 'i_mmap_rwsem(mapping_of(vma))', anyMode: true }],
};
const HUGETLB_ZAP_LOCKS: LockUse[] = [
  { lock: 'hugetlb_vma_lock(vma)', mode: 'write', when: HAS_VMA_LOCK },
  { lock: 'i_mmap_rwsem(mapping_of(vma))', mode: 'write' },
];
// A split first invalidates the PMD with a flush (pmdp_invalidate), then rebuilds or drops the mapping.
const SPLIT_FLUSH: Effect = { kind: 'tlb-flush', vma: 'vma', start: 'address & HPAGE_PMD_MASK', end: '(address & HPAGE_PMD_MASK) + HPAGE_PMD_SIZE' };
const SPLIT_ANON: Effect[] = [
  SPLIT_FLUSH,
  { kind: 'withdraw', table: 'table(pmd)' },
  { kind: 'write-entry', entry: 'pmd', level: 'pmd', value: 'table' },
];
const SPLIT_FILE: Effect[] = [SPLIT_FLUSH, { kind: 'write-entry', entry: 'pmd', level: 'pmd', value: 'none' }];

/**
 * The 6.7+ zap bracket: begin widens the range and takes the VMA lock and
 * i_mmap_rwsem for write, end frees the VMA lock at final unmap and releases
 * both. The double-underscore pair works on any VMA with a file; the plain
 * pair only on hugetlb VMAs, so they differ only in their guard.
 */
function zapBegin(name: string, guard: string, doc: string): ApiModel {
  return {
    name, params: ['vma', 'start', 'end'], version: '6.7+', doc, ref: 'mm-facts §2.7 #69, R7, R21', sleeps: true,
    acquires: [
      { lock: 'hugetlb_vma_lock(vma)', mode: 'write', when: guard },
      { lock: 'i_mmap_rwsem(mapping_of(vma))', mode: 'write', when: guard },
    ],
    pairsWith: name.replace('_begin', '_end'),
    returns: 'void',
    cases: widenCases(guard),
  };
}

function zapEnd(name: string, guard: string, doc: string): ApiModel {
  return {
    name, params: ['vma', 'details'], version: '6.7+', doc, ref: 'mm-facts §2.7 #69, R13',
    releases: [
      { lock: 'hugetlb_vma_lock(vma)', mode: 'write', when: guard },
      { lock: 'i_mmap_rwsem(mapping_of(vma))', mode: 'write', when: guard },
    ],
    effects: [
      { kind: 'set-field', target: 'vma->vm_private_data', value: 'null', when: `${guard} && details && (details->zap_flags & ZAP_FLAG_UNMAP) && __vma_shareable_lock(vma)` },
    ],
    returns: 'void',
  };
}
const FINAL_UNMAP_FREE = '(zap_flags & ZAP_FLAG_UNMAP) && __vma_shareable_lock(vma)';

export const ZAP_MODELS: ApiModel[] = [
  {
    name: 'zap_huge_pmd',
    params: ['tlb', 'vma', 'pmd', 'addr'],
    version: '6.0 (thp-6.0)',
    doc: "Zaps one huge PMD under the PMD ptl taken by __pmd_trans_huge_lock: returns 0 when the PMD is not huge; otherwise clears it, records the range in the gather, withdraws the deposited PTE table for anonymous THPs (nr_ptes -1), drops the rss, unlocks and queues the folio for freeing after the flush, and returns 1. Does not sleep.",
    ref: 'mm-facts §2.7 #65, R19, R20',
    requires: [VMA_STABLE],
    takes: [{ lock: 'ptl(table(pmd))' }],
    returns: 'int',
    cases: [
      { when: `!(${PMD_IS_HUGE})`, value: '0', means: 'the PMD is not huge; the caller goes on to the PTE table' },
      {
        when: PMD_IS_HUGE,
        value: '1',
        means: 'the huge PMD was cleared and its range gathered for a later flush',
        effects: [
          { kind: 'write-entry', entry: 'pmd', level: 'pmd', value: 'none' },
          { kind: 'tlb-gather', tlb: 'tlb', start: 'addr', end: 'addr + HPAGE_PMD_SIZE' },
          { kind: 'withdraw', table: 'table(pmd)', when: 'vma_is_anonymous(vma)' },
          { kind: 'counter', counter: 'nr_ptes', of: 'tlb->mm', delta: -1, when: 'vma_is_anonymous(vma)' },
          { kind: 'counter', counter: 'rss', of: 'tlb->mm', delta: '-HPAGE_PMD_NR' },
        ],
      },
    ],
  },
  {
    name: 'zap_pmd_range',
    params: ['tlb', 'vma', 'pud', 'addr', 'end', 'details'],
    doc: 'Zaps [addr, end) under one PUD: splits partially covered huge PMDs, zaps fully covered ones with zap_huge_pmd, and otherwise the PTE tables. Calls cond_resched between PMDs, so may sleep. Never reached for hugetlb VMAs. Returns the address reached.',
    ref: 'mm-facts §2.7 #66, R19',
    sleeps: true,
    requires: [VMA_STABLE],
    effects: [{ kind: 'tlb-gather', tlb: 'tlb', start: 'addr', end: 'end' }],
    returns: 'unsigned long',
    cases: [{ value: 'end' }],
  },
  {
    name: '__split_huge_pmd',
    params: ['vma', 'pmd', 'address', 'freeze', 'folio'],
    version: '6.0 (thp-6.0)',
    doc: 'Starts the notifier over the HPAGE_PMD range, takes the PMD ptl, re-checks the entry and splits it: an anonymous THP becomes a PTE table built from the deposited one, a file THP is simply zapped. Then unlocks and ends the notifier. May sleep.',
    ref: 'mm-facts §2.7 #67',
    sleeps: true,
    takes: [{ lock: 'mmu_notifier(vma->vm_mm)' }, { lock: 'ptl(table(pmd))' }],
    returns: 'void',
    cases: [
      {
        when: `(${PMD_IS_HUGE}) && vma_is_anonymous(vma)`,
        value: 'unknown',
        means: 'the anonymous THP is now mapped by a PTE table built from the deposited one',
        effects: SPLIT_ANON,
      },
      {
        when: `(${PMD_IS_HUGE}) && !vma_is_anonymous(vma)`,
        value: 'unknown',
        means: 'the file THP mapping was zapped; later faults map it again',
        effects: SPLIT_FILE,
      },
      { when: `!(${PMD_IS_HUGE})`, value: 'unknown', means: 'the PMD was not huge any more; nothing was split' },
    ],
  },
  {
    name: 'split_huge_pmd',
    params: ['vma', 'pmd', 'address'],
    doc: '__split_huge_pmd when the PMD is huge (a THP, devmap or swap PMD); nothing otherwise. May sleep.',
    ref: 'mm-facts §2.7 #66-67',
    sleeps: true,
    takes: [{ lock: 'mmu_notifier(vma->vm_mm)', when: PMD_IS_HUGE }, { lock: 'ptl(table(pmd))', when: PMD_IS_HUGE }],
    returns: 'void',
    cases: [
      {
        when: `(${PMD_IS_HUGE}) && vma_is_anonymous(vma)`,
        value: 'unknown',
        means: 'the anonymous THP is now mapped by a PTE table built from the deposited one',
        effects: SPLIT_ANON,
      },
      {
        when: `(${PMD_IS_HUGE}) && !vma_is_anonymous(vma)`,
        value: 'unknown',
        means: 'the file THP mapping was zapped; later faults map it again',
        effects: SPLIT_FILE,
      },
      { when: `!(${PMD_IS_HUGE})`, value: 'unknown', means: 'the PMD was not huge any more; nothing was split' },
    ],
  },
  {
    name: '__split_huge_pmd_locked',
    params: ['vma', 'pmd', 'haddr', 'freeze'],
    version: '6.0 (thp-6.0)',
    doc: 'The split itself, under the PMD ptl: invalidates the PMD (with a flush), withdraws the deposited PTE table, fills it with PTEs and points the PMD at it; a file THP is only zapped.',
    ref: 'mm-facts §2.7 #67, §2.3 #39',
    requires: [{ lock: 'ptl(table(pmd))' }],
    effects: [
      { kind: 'tlb-flush', vma: 'vma', start: 'haddr', end: 'haddr + HPAGE_PMD_SIZE' },
      { kind: 'write-entry', entry: 'pmd', level: 'pmd', value: 'table', when: 'vma_is_anonymous(vma)' },
      { kind: 'withdraw', table: 'table(pmd)', when: 'vma_is_anonymous(vma)' },
      { kind: 'write-entry', entry: 'pmd', level: 'pmd', value: 'none', when: '!vma_is_anonymous(vma)' },
    ],
    returns: 'void',
  },
  {
    name: '__unmap_hugepage_range',
    params: ['tlb', 'vma', 'start', 'end', 'ref_page', 'zap_flags'],
    version: '6.1 (starts and ends the MMU notifier itself over the widened range; 6.7+ moved that to the callers)',
    doc: 'Zaps the hugetlb entries of [start, end) huge page by huge page under each entry\'s ptl. A shared PMD table is unshared instead, its whole PUD gathered and the force-flush done before returning, while i_mmap_rwsem is still held. Present pages are gathered and freed only after the flush. WARNs on a non-hugetlb VMA, BUGs on unaligned bounds.',
    ref: 'mm-facts §2.7 #68, R2, R6, R7, R20, R26',
    sleeps: true,
    requires: HUGETLB_ZAP_LOCKS,
    takes: [{ lock: 'mmu_notifier(vma->vm_mm)' }],
    returns: 'void',
    builtin: 'unmap-hugepage-range',
  },
  {
    name: '__unmap_hugepage_range_final',
    params: ['tlb', 'vma', 'start', 'end', 'ref_page', 'zap_flags'],
    version: '6.1 (6.7+ replaced it with __hugetlb_zap_begin/__hugetlb_zap_end around __unmap_hugepage_range)',
    doc: 'Takes the hugetlb VMA lock and i_mmap_rwsem for write and unmaps the range. At final unmap (ZAP_FLAG_UNMAP) it frees the VMA lock before dropping i_mmap_rwsem, so nobody can newly share this VMA\'s tables; otherwise it unlocks i_mmap_rwsem, then the VMA lock.',
    ref: 'mm-facts §2.7 #69, R13',
    sleeps: true,
    takes: [...HUGETLB_ZAP_LOCKS, { lock: 'mmu_notifier(vma->vm_mm)' }],
    effects: [{ kind: 'set-field', target: 'vma->vm_private_data', value: 'null', when: FINAL_UNMAP_FREE }],
    returns: 'void',
    builtin: 'unmap-hugepage-range',
  },
  zapBegin('__hugetlb_zap_begin', 'vma->vm_file',
    'For a hugetlb VMA with a file: widens [*start, *end) for possible PMD sharing, then takes the hugetlb VMA lock and i_mmap_rwsem for write (kept until __hugetlb_zap_end).'),
  zapEnd('__hugetlb_zap_end', 'vma->vm_file',
    'Ends a hugetlb zap: at final unmap (ZAP_FLAG_UNMAP in details) frees the VMA lock first, otherwise just releases it; then drops i_mmap_rwsem. The order keeps the VMA from being shared again (R13).'),
  zapBegin('hugetlb_zap_begin', 'is_vm_hugetlb_page(vma) && vma->vm_file', '__hugetlb_zap_begin for hugetlb VMAs; nothing for others.'),
  zapEnd('hugetlb_zap_end', 'is_vm_hugetlb_page(vma) && vma->vm_file', '__hugetlb_zap_end for hugetlb VMAs; nothing for others.'),
  {
    name: 'unmap_hugepage_range',
    params: ['vma', 'start', 'end', 'ref_page', 'zap_flags'],
    version: '6.1 (recent kernels set up the widened notifier here instead of in __unmap_hugepage_range)',
    doc: 'Unmaps a hugetlb range with a private mmu_gather, flushed before returning. The caller holds i_mmap_rwsem for write and the VMA lock (hugetlb_vmdelete_list, unmap_ref_private).',
    ref: 'mm-facts §2.7 #70',
    sleeps: true,
    requires: HUGETLB_ZAP_LOCKS,
    takes: [{ lock: 'mmu_notifier(vma->vm_mm)' }],
    returns: 'void',
    builtin: 'unmap-hugepage-range-flush',
  },
  {
    name: 'unmap_ref_private',
    params: ['mm', 'vma', 'page', 'address'],
    doc: "Takes i_mmap_rwsem for write and unmaps this one huge page from every other private, non-owner VMA of the file, so the reservation owner can COW it. hugetlb_wp calls it only after dropping the VMA lock and the fault mutex.",
    ref: 'mm-facts §2.7 #71, R11',
    sleeps: true,
    takes: [{ lock: 'i_mmap_rwsem(mapping_of(vma))', mode: 'write' }],
    returns: 'void',
  },
  {
    name: 'free_pgtables',
    params: ['tlb', 'mt', 'vma', 'floor', 'ceiling'],
    version: '6.1 (maple tree argument)',
    doc: 'Frees the page tables under VMAs that are already unlinked from the rmap and zapped; the tables go through the gather. Hugetlb ranges go to hugetlb_free_pgd_range; a shared PMD table is freed only by its last user.',
    ref: 'mm-facts §2.7 #72, R16c',
    requires: [{ lock: 'mmap_lock(tlb->mm)', anyMode: true }],
    returns: 'void',
  },
  {
    name: 'free_pmd_range',
    params: ['tlb', 'pud', 'addr', 'end', 'floor', 'ceiling'],
    doc: 'When [floor, ceiling) allows freeing the whole PMD table under pud: clears the PUD without a lock (the table is unreachable), queues the table with pmd_free_tlb and counts nr_pmds -1.',
    ref: 'mm-facts §2.7 #72, R4',
    effects: [
      { kind: 'write-entry', entry: 'pud', level: 'pud', value: 'none', when: 'ALIGN_DOWN(addr, PUD_SIZE) >= floor && (ceiling == 0 || end <= ALIGN_DOWN(ceiling, PUD_SIZE))' },
      { kind: 'counter', counter: 'nr_pmds', of: 'tlb->mm', delta: -1, when: 'ALIGN_DOWN(addr, PUD_SIZE) >= floor && (ceiling == 0 || end <= ALIGN_DOWN(ceiling, PUD_SIZE))' },
    ],
    returns: 'void',
  },
  {
    name: 'hugetlb_free_pgd_range',
    params: ['tlb', 'addr', 'end', 'floor', 'ceiling'],
    doc: 'free_pgd_range for hugetlb ranges (some arches align it to the huge page size). Same rule: the VMAs are already unreachable.',
    ref: 'mm-facts §2.7 #72',
    returns: 'void',
  },
];
