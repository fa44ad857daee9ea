/**
 * The big hugetlb operations (mm-facts §2.8): fault, COW, fork copy,
 * mremap, mprotect and GUP. When the tree is available the interpreter runs
 * their bodies; these summaries serve when it is not, and state the
 * contracts callers rely on: which locks they need, take inside, or give
 * back (hugetlb_no_page releases the fault mutex and the VMA lock on every
 * exit; hugetlb_wp drops and retakes the ptl it is handed).
 */
import type { ApiModel, LockUse } from '../schema.js';

const FAULT_MUTEX: LockUse = { lock: 'fault_mutex(mapping_of(vma))' };
const VMA_LOCK_READ: LockUse = { lock: 'hugetlb_vma_lock(vma)', mode: 'read' };
const HUGE_PTL: LockUse[] = [
  { lock: 'ptl(table(ptep))', when: 'huge_page_size(hstate_vma(vma)) == PMD_SIZE' },
  { lock: 'page_table_lock(mm)', when: 'huge_page_size(hstate_vma(vma)) != PMD_SIZE' },
];
const HUGE_END = '(address & huge_page_mask(hstate_vma(vma))) + huge_page_size(hstate_vma(vma))';
const RANGE_LOCKS: LockUse[] = [
  { lock: 'mmu_notifier(vma->vm_mm)' },
  { lock: 'hugetlb_vma_lock(vma)', mode: 'write' },
  { lock: 'i_mmap_rwsem(mapping_of(vma))', mode: 'write' },
];
const COW = 'is_cow_mapping(src_vma->vm_flags)';

export const HUGETLB_OPS_MODELS: ApiModel[] = [
  {
    name: 'hugetlb_fault',
    params: ['mm', 'vma', 'address', 'flags'],
    version: '6.1 (the 6.1.91 tree read: under a per-VMA lock it gives up with VM_FAULT_RETRY; later mainline handles such faults)',
    doc: 'Handles a fault on a hugetlb VMA: takes the fault mutex for (mapping, index), then the hugetlb VMA lock for read, allocates the slot with huge_pte_alloc, and either instantiates the page (hugetlb_no_page), breaks COW (hugetlb_wp) or marks the entry young/dirty under the ptl; then releases everything. May sleep.',
    ref: 'mm-facts §2.8 #73, R11, R28',
    sleeps: true,
    requires: [{ lock: 'mmap_lock(mm)', mode: 'read', anyMode: true, alternatives: [{ lock: 'vma_lock(vma)', mode: 'read', anyMode: true }] }],
    takes: [FAULT_MUTEX, VMA_LOCK_READ],
    returns: 'vm_fault_t',
    cases: [
      {
        when: 'flags & FAULT_FLAG_VMA_LOCK',
        value: 'VM_FAULT_RETRY',
        releases: [{ lock: 'vma_lock(vma)', mode: 'read' }],
        means: 'called under the per-VMA lock: it was dropped and the fault must be retried under mmap_lock',
      },
      { when: '!(flags & FAULT_FLAG_VMA_LOCK)', value: '0', means: 'the address is mapped' },
      { when: '!(flags & FAULT_FLAG_VMA_LOCK)', value: 'VM_FAULT_OOM', means: 'a page table or a huge page could not be allocated' },
      { when: '!(flags & FAULT_FLAG_VMA_LOCK)', value: 'VM_FAULT_SIGBUS', means: 'no page can back this address (beyond i_size, no reservation, or unmapped for the owner\'s COW)' },
      { when: '!(flags & FAULT_FLAG_VMA_LOCK)', value: 'VM_FAULT_HWPOISON_LARGE', means: 'the huge page is poisoned' },
      {
        when: '!(flags & FAULT_FLAG_VMA_LOCK) && (flags & FAULT_FLAG_ALLOW_RETRY)',
        value: 'VM_FAULT_RETRY',
        releases: [{ lock: 'mmap_lock(mm)', mode: 'read' }],
        means: 'userfaultfd or a wait dropped mmap_lock; the VMA must not be used any more',
      },
    ],
  },
  {
    name: 'hugetlb_no_page',
    params: ['mm', 'vma', 'mapping', 'idx', 'address', 'ptep', 'old_pte', 'flags'],
    version: '6.1 signature (recent kernels pass (mapping, vmf)); releasing both locks inside is the stable 6.1 behaviour',
    doc: 'Instantiates a page for an empty hugetlb entry: finds or allocates (sleeps) and locks the folio, then under the ptl re-checks the entry against old_pte and installs it. Called with the fault mutex and the VMA lock (read) held, and releases both on every exit, including the userfaultfd hand-off.',
    ref: 'mm-facts §2.8 #74, R11, R17',
    sleeps: true,
    requires: [{ lock: 'fault_mutex(mapping)' }, VMA_LOCK_READ],
    releases: [VMA_LOCK_READ, { lock: 'fault_mutex(mapping)' }],
    takes: HUGE_PTL,
    returns: 'vm_fault_t',
    cases: [
      {
        value: '0',
        means: 'the page is mapped',
        effects: [
          { kind: 'write-entry', entry: 'ptep', level: 'huge', value: 'leaf' },
          { kind: 'counter', counter: 'hugetlb_usage', of: 'mm', delta: 'pages_per_huge_page(hstate_vma(vma))' },
        ],
      },
      { value: '0', means: 'another fault changed the entry first; the new folio was backed out' },
      { value: 'VM_FAULT_OOM', means: 'no huge page could be allocated' },
      { value: 'VM_FAULT_SIGBUS', means: 'beyond i_size, no reservation, or the VMA was unmapped for the owner\'s COW' },
      { value: 'VM_FAULT_HWPOISON_LARGE', means: 'the page-cache page is poisoned' },
      { value: 'VM_FAULT_RETRY', means: 'handed to userfaultfd (missing or minor), which may drop mmap_lock' },
    ],
  },
  {
    name: 'hugetlb_wp',
    params: ['mm', 'vma', 'address', 'ptep', 'flags', 'pagecache_folio', 'ptl'],
    version: '6.1 (formerly hugetlb_cow)',
    doc: "Breaks COW on a hugetlb entry. Entered with the fault mutex, the VMA lock (read), the ptl and the mapped folio's lock; returns with the ptl held again. Reuses an exclusive anon folio; otherwise drops the ptl, allocates and copies (may sleep; on failure as reservation owner it drops the VMA lock and mutex, unmaps other private mappings and retries), retakes the ptl, re-checks the entry, clears and flushes it and installs the new folio.",
    ref: 'mm-facts §2.8 #75, R11, R17',
    sleeps: true,
    requires: [FAULT_MUTEX, VMA_LOCK_READ, { lock: 'spin(ptl)' }],
    reacquires: [{ lock: 'spin(ptl)' }, VMA_LOCK_READ, FAULT_MUTEX],
    takes: [{ lock: 'mmu_notifier(mm)' }],
    returns: 'vm_fault_t',
    cases: [
      {
        value: '0',
        means: 'the entry is writable (reused or replaced by a copy)',
        effects: [
          { kind: 'write-entry', entry: 'ptep', level: 'huge', value: 'leaf' },
          { kind: 'tlb-flush', vma: 'vma', start: 'address & huge_page_mask(hstate_vma(vma))', end: HUGE_END },
        ],
      },
      { value: '0', means: 'the entry changed while the ptl was dropped; nothing was done' },
      { value: 'VM_FAULT_OOM', means: 'no page for the copy' },
      { value: 'VM_FAULT_SIGBUS', means: 'the owner could not get a page and the mapping is gone' },
    ],
  },
  {
    name: 'copy_hugetlb_page_range',
    params: ['dst', 'src', 'dst_vma', 'src_vma'],
    version: '6.1 (the 6.1.91 tree asserts the source VMA write lock; upstream 6.1 asserts the source mmap write lock)',
    doc: "Fork: copies the hugetlb entries of src_vma into the child. COW mappings start a notifier over the VMA and write-protect both sides inside src->write_protect_seq; shared mappings hold the source VMA lock for read. A destination PUD whose PMD table is already shared is skipped. Each copy takes the dst ptl, then the src ptl nested. 0 or -ENOMEM.",
    ref: 'mm-facts §2.8 #76, R9, R22',
    sleeps: true,
    requires: [{ lock: 'mmap_lock(src)', mode: 'write' }, { lock: 'mmap_lock(dst)', mode: 'write' }],
    takes: [
      { lock: 'mmu_notifier(src)', when: COW },
      { lock: 'write_protect_seq(src)', when: COW },
      { lock: 'hugetlb_vma_lock(src_vma)', mode: 'read', when: `!(${COW})` },
    ],
    returns: 'errno',
    cases: [
      { value: '0', means: 'every entry was copied (each adding to hugetlb_usage) or is visible through a shared table' },
      { value: '-ENOMEM', means: 'a destination table or a copy of a pinned page could not be allocated' },
    ],
  },
  {
    name: 'move_hugetlb_page_tables',
    params: ['vma', 'new_vma', 'old_addr', 'new_addr', 'len'],
    version: '6.1 (unshares without the ptl; recent kernels use an mmu_gather and huge_pmd_unshare_flush)',
    doc: 'mremap of a hugetlb range: notifier over the widened range, then the VMA lock and i_mmap_rwsem for write; each entry is unshared (skipping the rest of its PUD) or moved under the dst ptl and src ptl; the TLB is flushed (the widened range after an unshare) before the locks are dropped. Returns the bytes moved.',
    ref: 'mm-facts §2.8 #77, R6, R7, R21',
    sleeps: true,
    requires: [{ lock: 'mmap_lock(vma->vm_mm)', mode: 'write' }],
    takes: RANGE_LOCKS,
    effects: [{ kind: 'tlb-flush', vma: 'vma', start: 'old_addr', end: 'old_addr + len' }],
    returns: 'unsigned long',
    cases: [
      { value: 'len', means: 'the whole range moved' },
      { value: 'unknown', means: 'a destination table could not be allocated; fewer bytes moved' },
    ],
  },
  {
    name: 'hugetlb_change_protection',
    params: ['vma', 'address', 'end', 'newprot', 'cp_flags'],
    version: '6.1 (returns unsigned long; recent returns long, with -ENOMEM when a uffd-wp marker cannot be allocated)',
    doc: 'mprotect or uffd-wp on a hugetlb range: BUGs when address >= end; notifier over the widened range, then the VMA lock and i_mmap_rwsem for write; per entry under its ptl it unshares (warning once with uffd-wp flags), updates migration entries and markers, or rewrites the protection. The TLB is flushed (widened after an unshare) before i_mmap_rwsem is dropped. Returns the number of base pages changed.',
    ref: 'mm-facts §2.8 #78, R6, R7, R21, R26',
    sleeps: true,
    requires: [{ lock: 'mmap_lock(vma->vm_mm)', anyMode: true }],
    takes: RANGE_LOCKS,
    effects: [{ kind: 'tlb-flush', vma: 'vma', start: 'address', end: 'end' }],
    returns: 'unsigned long',
    cases: [{ value: 'unknown', means: 'the number of base pages whose protection changed' }],
  },
  {
    name: 'follow_hugetlb_page',
    params: ['mm', 'vma', 'pages', 'vmas', 'position', 'nr_pages', 'i', 'flags', 'locked'],
    version: '6.1 and earlier (removed in 6.5); 6.1 walks without the hugetlb VMA lock, relying on the ptl',
    doc: 'GUP over a hugetlb VMA: per huge page, walks with huge_pte_offset and takes the ptl; a missing, swap or write-protected entry is faulted in with hugetlb_fault; otherwise records the subpages from nth_page(page, offset) on and grabs references. Returns the index reached, or an error when nothing was done.',
    ref: 'mm-facts §2.8 #79, R9, R23',
    sleeps: true,
    requires: [{ lock: 'mmap_lock(mm)', mode: 'read', anyMode: true }],
    returns: 'long',
    cases: [
      { value: 'unknown', means: 'pages were handled up to the returned index' },
      {
        when: 'locked != NULL',
        value: 'unknown',
        releases: [{ lock: 'mmap_lock(mm)', mode: 'read' }],
        effects: [{ kind: 'set-field', target: '*locked', value: '0' }],
        means: 'a fault returned VM_FAULT_RETRY and dropped mmap_lock (*locked is now 0)',
      },
      { value: '-EFAULT', means: 'the first page could not be faulted in' },
      { value: '-ENOMEM', means: 'grabbing the page references failed (with a warning)' },
    ],
  },
  {
    name: 'hugetlb_follow_page_mask',
    params: ['vma', 'address', 'flags', 'page_mask'],
    altParams: [['vma', 'address', 'flags']],
    version: 'about 6.3-6.9 (page_mask from 6.6); uses nth_page since Zi Yan\'s 2023 fix',
    doc: 'Looks up one page of a hugetlb VMA for GUP under the hugetlb VMA lock (read) and the ptl: NULL for a missing entry or a write to a read-only one, ERR_PTR(-EMLINK) when the entry must be unshared first, else the subpage nth_page(page, offset) with a reference taken.',
    ref: 'mm-facts §2.8 #80, R9, R23',
    sleeps: true,
    takes: [{ lock: 'hugetlb_vma_lock(vma)', mode: 'read' }, { lock: 'ptl(table(hugetlb_walk(vma, address, huge_page_size(hstate_vma(vma)))))' }],
    returns: 'pointer',
    cases: [
      { value: 'fresh', means: 'the subpage, with a reference held for the caller' },
      { value: 'NULL', means: 'no page: the entry is missing or a write hit a read-only entry' },
      { value: 'ERR_PTR(-EMLINK)', means: 'the page must be unshared first (a fault is needed)' },
      { value: 'ERR_PTR(-EFAULT)', means: 'a FOLL_DUMP hole with no page-cache page' },
    ],
  },
  {
    name: 'record_subpages',
    params: ['page', 'addr', 'end', 'pages'],
    version: 'about 6.1-6.17 (uses nth_page; after the 2025 series plain increments and other arguments)',
    doc: 'GUP-fast: fills pages[] with the consecutive subpages for [addr, end), computed with nth_page so gigantic folios spanning memory sections are handled. Returns how many were recorded.',
    ref: 'mm-facts §2.8 #81, R23',
    returns: 'int',
    cases: [{ value: '(end - addr) >> PAGE_SHIFT' }],
  },
];
