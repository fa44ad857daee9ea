/**
 * MADV_COLLAPSE and its hugetlb counterpart from the out-of-tree HGM series
 * (mm-facts §2.11, R24, R27). pmd_sharing_possible, hugetlb_hgm_enabled and
 * hugetlb_hgm_eligible are deliberately absent: the HGM patches under review
 * define them, so the interpreter runs their bodies instead.
 */
import type { ApiModel } from '../schema.js';

// Hugetlb, VM_SPECIAL and VM_NOHUGEPAGE VMAs are never THP-eligible off the fault path (R24).
const THP_NEVER = '(vm_flags & VM_NOHUGEPAGE) || (vm_flags & (VM_HUGETLB | VM_IO | VM_DONTEXPAND | VM_PFNMAP | VM_MIXEDMAP))';

export const COLLAPSE_MODELS: ApiModel[] = [
  {
    name: 'madvise_collapse',
    params: ['vma', 'prev', 'start', 'end'],
    version: '6.1 (reports a dropped mmap_lock by setting *prev to NULL; recent kernels take (vma, start, end, lock_dropped) instead)',
    doc: 'MADV_COLLAPSE over [start, end) rounded inwards to HPAGE_PMD boundaries: fails with -EINVAL unless the VMA passes the forced THP check, then collapses each PMD range, possibly dropping mmap_lock and re-validating the VMA after retaking it. Returns 0 when every PMD ended up huge, else the errno of the last failure. May sleep.',
    ref: 'mm-facts §2.11 #95, R24',
    sleeps: true,
    requires: [{ lock: 'mmap_lock(vma->vm_mm)', mode: 'read' }],
    reacquires: [{ lock: 'mmap_lock(vma->vm_mm)', mode: 'read' }],
    returns: 'errno',
    cases: [
      { when: '!hugepage_vma_check(vma, vma->vm_flags, false, false, false)', value: '-EINVAL', means: 'the VMA is not eligible (hugetlb VMAs never are in mainline)' },
      { when: 'hugepage_vma_check(vma, vma->vm_flags, false, false, false)', value: '0', means: 'every PMD-sized range is now mapped by a huge page' },
      {
        when: 'hugepage_vma_check(vma, vma->vm_flags, false, false, false)',
        value: '0',
        means: 'collapsed, but mmap_lock was dropped on the way: *prev is NULL and the VMA must be looked up again',
        effects: [{ kind: 'set-field', target: '*prev', value: 'null' }],
      },
      { when: 'hugepage_vma_check(vma, vma->vm_flags, false, false, false)', value: '-ENOMEM', means: 'a huge page or the collapse control could not be allocated' },
      { when: 'hugepage_vma_check(vma, vma->vm_flags, false, false, false)', value: '-EBUSY', means: 'the memcg charge failed or too many PTEs were empty' },
      { when: 'hugepage_vma_check(vma, vma->vm_flags, false, false, false)', value: '-EAGAIN', means: 'a page had extra references, was locked or not on the LRU' },
      { when: 'hugepage_vma_check(vma, vma->vm_flags, false, false, false)', value: '-EINVAL', means: 'some other collapse failure' },
    ],
  },
  {
    name: 'hugepage_vma_check',
    params: ['vma', 'vm_flags', 'smaps', 'in_pf', 'enforce_sysfs'],
    version: '6.1 (recent kernels: __thp_vma_allowable_orders)',
    doc: 'Whether the VMA may hold a PMD-mapped THP. False for VM_NOHUGEPAGE, hugetlb and VM_SPECIAL VMAs (off the fault path), DAX outside faults, misaligned or too small VMAs, anon VMAs without an anon_vma, temporary stacks and unsuitable files; MADV_COLLAPSE passes enforce_sysfs false to ignore the sysfs setting.',
    ref: 'mm-facts §2.11 #96, R24',
    returns: 'bool',
    cases: [
      { when: `!vma->vm_mm || (vm_flags & VM_NOHUGEPAGE) || (!in_pf && (${THP_NEVER}))`, value: 'false', means: 'the VMA can never hold a THP on this path' },
      { when: `vma->vm_mm && !(vm_flags & VM_NOHUGEPAGE) && !(!in_pf && (${THP_NEVER}))`, value: 'unknown', means: 'alignment, anon_vma and file policy decide' },
    ],
  },
  {
    name: '__thp_vma_allowable_orders',
    params: ['vma', 'vm_flags', 'tva_flags', 'orders'],
    version: 'recent (about 6.8+; 6.17 renames the third argument to a tva_type)',
    doc: 'The subset of orders the VMA may use for THPs: 0 for VM_NOHUGEPAGE, hugetlb and VM_SPECIAL VMAs, DAX outside faults, unsuitable alignment and the other cases of hugepage_vma_check.',
    ref: 'mm-facts §2.11 #96, R24',
    returns: 'unsigned long',
    cases: [
      { when: THP_NEVER, value: '0', means: 'no THP order is allowed' },
      { when: `!(${THP_NEVER})`, value: 'unknown', means: 'the allowed orders, a subset of orders' },
    ],
  },
  {
    name: 'thp_vma_allowable_order',
    params: ['vma', 'vm_flags', 'tva_flags', 'order'],
    version: 'recent',
    doc: 'True when __thp_vma_allowable_orders allows this one order.',
    ref: 'mm-facts §2.11 #95-96',
    returns: 'bool',
    cases: [{ value: '__thp_vma_allowable_orders(vma, vm_flags, tva_flags, 1 << order) != 0' }],
  },
  {
    name: 'hugetlb_collapse',
    params: ['mm', 'vma', 'start', 'end'],
    version: 'HGM v2 (out of tree): takes the mmap write lock itself; v1 ran under the mmap read lock and retook the VMA lock while holding i_mmap_rwsem (an ABBA deadlock)',
    doc: 'MADV_COLLAPSE for an HGM hugetlb VMA: for each high-granularity mapped huge page, unmaps the small mappings and installs one full-size entry under the ptl. -EINVAL for non-shared VMAs, 0 when HGM is not enabled, -ENOMEM without the shared VMA data, -EHWPOISON for a poisoned page, -EBUSY for one that cannot migrate.',
    ref: 'mm-facts §2.11 #97, R27',
    sleeps: true,
    takes: [
      { lock: 'mmap_lock(mm)', mode: 'write' },
      { lock: 'mmu_notifier(mm)' },
      { lock: 'hugetlb_vma_lock(vma)', mode: 'write' },
      { lock: 'i_mmap_rwsem(mapping_of(vma))', mode: 'write' },
    ],
    returns: 'errno',
    cases: [
      { when: '!(vma->vm_flags & VM_MAYSHARE)', value: '-EINVAL', means: 'only shared hugetlb VMAs can be collapsed' },
      { when: 'vma->vm_flags & VM_MAYSHARE', value: '0', means: 'collapsed (or HGM was not enabled and there was nothing to do)' },
      { when: '(vma->vm_flags & VM_MAYSHARE) && !vma->vm_private_data', value: '-ENOMEM', means: 'the VMA has no shared VMA data or lock' },
      { when: 'vma->vm_flags & VM_MAYSHARE', value: '-EHWPOISON', means: 'a page in the range is poisoned' },
      { when: 'vma->vm_flags & VM_MAYSHARE', value: '-EBUSY', means: 'a page could not be migrated' },
    ],
  },
  {
    name: 'hugetlb_vma_data_alloc',
    params: ['vma'],
    version: 'HGM series (out of tree): hugetlb_vma_lock_alloc renamed, allocating struct hugetlb_shared_vma_data { vma_lock; hgm_enabled }',
    doc: 'Same contract as hugetlb_vma_lock_alloc: for a VM_MAYSHARE VMA without shared data, allocates it (GFP_KERNEL) and stores it in vm_private_data. Returns 0 for a VM_MAYSHARE vma only with vm_private_data set; -ENOMEM when the allocation failed.',
    ref: 'mm-facts §2.2 #23, R27',
    sleeps: true,
    returns: 'errno',
    cases: [
      { when: '!(vma->vm_flags & VM_MAYSHARE)', value: '0', means: 'a private VMA gets no shared data' },
      { when: '(vma->vm_flags & VM_MAYSHARE) && vma->vm_private_data', value: '0', means: 'the VMA already has its shared data, so vm_private_data is set' },
      {
        when: '(vma->vm_flags & VM_MAYSHARE) && !vma->vm_private_data',
        value: '0',
        means: 'the shared data was allocated and stored in vm_private_data',
        effects: [{ kind: 'set-field', target: 'vma->vm_private_data', value: 'fresh' }],
      },
      { when: '(vma->vm_flags & VM_MAYSHARE) && !vma->vm_private_data', value: '-ENOMEM', means: 'the allocation failed and vm_private_data stays NULL' },
    ],
  },
  {
    name: 'hugetlb_unshare_all_pmds',
    params: ['vma'],
    doc: "Unshares every shared PMD table of a VM_MAYSHARE VMA over its PUD-aligned interior, taking the VMA lock and i_mmap_rwsem for write itself (hugetlb_unshare_pmds with take_locks). Used at userfaultfd WP/minor registration and by HGM enablement, with the mmap write lock held.",
    ref: 'mm-facts §2.4 #48, R27',
    sleeps: true,
    takes: [
      { lock: 'mmu_notifier(vma->vm_mm)', when: 'vma->vm_flags & VM_MAYSHARE' },
      { lock: 'hugetlb_vma_lock(vma)', mode: 'write', when: 'vma->vm_flags & VM_MAYSHARE' },
      { lock: 'i_mmap_rwsem(mapping_of(vma))', mode: 'write', when: 'vma->vm_flags & VM_MAYSHARE' },
    ],
    returns: 'void',
    builtin: 'hugetlb-unshare-range',
  },
];
