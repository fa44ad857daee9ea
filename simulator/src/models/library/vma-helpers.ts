/**
 * VMA predicates used by other models' conditions and by the code under
 * review. They read VMA fields only, so they are plain expressions; the
 * fields are stable under the mmap lock (or the VMA lock).
 */
import type { ApiModel } from '../schema.js';

export const VMA_HELPER_MODELS: ApiModel[] = [
  {
    name: 'is_vm_hugetlb_page',
    params: ['vma'],
    doc: 'True for a hugetlb VMA (VM_HUGETLB set).',
    ref: 'include/linux/hugetlb_inline.h',
    returns: 'bool',
    cases: [{ value: '!!(vma->vm_flags & VM_HUGETLB)' }],
  },
  {
    name: 'vma_is_anonymous',
    params: ['vma'],
    doc: 'True for an anonymous VMA (no vm_ops); THP zap and split withdraw the deposited PTE table only for these.',
    ref: 'include/linux/mm.h; mm-facts R19',
    returns: 'bool',
    cases: [{ value: '!vma->vm_ops' }],
  },
  {
    name: 'is_cow_mapping',
    params: ['flags'],
    doc: 'True for a private writable mapping (VM_MAYWRITE without VM_SHARED), where fork must write-protect both sides.',
    ref: 'include/linux/mm.h; mm-facts R22',
    returns: 'bool',
    cases: [{ value: '(flags & (VM_SHARED | VM_MAYWRITE)) == VM_MAYWRITE' }],
  },
  {
    name: 'userfaultfd_wp',
    params: ['vma'],
    doc: 'True when the VMA is registered with userfaultfd write-protect mode (such VMAs never share PMD tables).',
    ref: 'include/linux/userfaultfd_k.h; mm-facts R5e',
    returns: 'bool',
    cases: [{ value: '(vma->vm_flags & VM_UFFD_WP) != 0' }],
  },
  {
    name: 'userfaultfd_minor',
    params: ['vma'],
    doc: 'True when the VMA is registered with userfaultfd minor-fault mode (such VMAs never share PMD tables).',
    ref: 'include/linux/userfaultfd_k.h; mm-facts R5e',
    returns: 'bool',
    cases: [{ value: '(vma->vm_flags & VM_UFFD_MINOR) != 0' }],
  },
  {
    name: 'range_in_vma',
    params: ['vma', 'start', 'end'],
    doc: 'True when [start, end) lies inside the VMA.',
    ref: 'include/linux/mm.h',
    returns: 'bool',
    cases: [{ value: 'vma != NULL && vma->vm_start <= start && end <= vma->vm_end' }],
  },
];
