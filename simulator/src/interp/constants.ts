/**
 * Kernel constants the simulator needs to evaluate conditions: VMA flags,
 * page-table geometry (x86-64, 4 KiB pages), errno values and GFP flags.
 * The flag values only need to be distinct single bits; they follow x86-64
 * where that is easy, but nothing depends on the exact numbers.
 */
export const PAGE_SHIFT = 12n;
export const PMD_SHIFT = 21n;
export const PUD_SHIFT = 30n;
export const PGDIR_SHIFT = 39n;

const bit = (n: number) => 1n << BigInt(n);

export const CONSTANTS: ReadonlyMap<string, bigint> = new Map<string, bigint>([
  ['NULL', 0n], ['true', 1n], ['false', 0n],
  ['PAGE_SHIFT', PAGE_SHIFT], ['PAGE_SIZE', 1n << PAGE_SHIFT], ['PAGE_MASK', ~((1n << PAGE_SHIFT) - 1n)],
  ['PMD_SHIFT', PMD_SHIFT], ['PMD_SIZE', 1n << PMD_SHIFT], ['PMD_MASK', ~((1n << PMD_SHIFT) - 1n)],
  ['PUD_SHIFT', PUD_SHIFT], ['PUD_SIZE', 1n << PUD_SHIFT], ['PUD_MASK', ~((1n << PUD_SHIFT) - 1n)],
  ['PGDIR_SHIFT', PGDIR_SHIFT], ['PGDIR_SIZE', 1n << PGDIR_SHIFT],
  ['PTRS_PER_PTE', 512n], ['PTRS_PER_PMD', 512n], ['PTRS_PER_PUD', 512n], ['PTRS_PER_PGD', 512n],
  ['HPAGE_PMD_SHIFT', PMD_SHIFT], ['HPAGE_PMD_SIZE', 1n << PMD_SHIFT], ['HPAGE_PMD_NR', 512n],
  ['HPAGE_PMD_ORDER', 9n], ['HPAGE_PMD_MASK', ~((1n << PMD_SHIFT) - 1n)],
  ['MAX_ORDER', 10n], ['MAX_PAGE_ORDER', 10n], ['MAX_ORDER_NR_PAGES', 1024n],
  ['VM_READ', bit(0)], ['VM_WRITE', bit(1)], ['VM_EXEC', bit(2)], ['VM_SHARED', bit(3)],
  ['VM_MAYREAD', bit(4)], ['VM_MAYWRITE', bit(5)], ['VM_MAYEXEC', bit(6)], ['VM_MAYSHARE', bit(7)],
  ['VM_GROWSDOWN', bit(8)], ['VM_UFFD_MISSING', bit(9)], ['VM_PFNMAP', bit(10)], ['VM_UFFD_WP', bit(12)],
  ['VM_LOCKED', bit(13)], ['VM_IO', bit(14)], ['VM_DONTCOPY', bit(17)], ['VM_DONTEXPAND', bit(18)],
  ['VM_LOCKONFAULT', bit(19)], ['VM_ACCOUNT', bit(20)], ['VM_NORESERVE', bit(21)], ['VM_HUGETLB', bit(22)],
  ['VM_SYNC', bit(23)], ['VM_WIPEONFORK', bit(25)], ['VM_DONTDUMP', bit(26)], ['VM_MIXEDMAP', bit(28)],
  ['VM_HUGEPAGE', bit(29)], ['VM_NOHUGEPAGE', bit(30)], ['VM_MERGEABLE', bit(31)], ['VM_UFFD_MINOR', bit(41)],
  ['VM_LOCKED_MASK', bit(13) | bit(19)],
  ['EPERM', 1n], ['ENOENT', 2n], ['EINTR', 4n], ['EIO', 5n], ['EAGAIN', 11n], ['ENOMEM', 12n], ['EFAULT', 14n],
  ['EBUSY', 16n], ['EEXIST', 17n], ['EINVAL', 22n], ['ENOSPC', 28n], ['EMLINK', 31n], ['ENOSYS', 38n],
  ['EHWPOISON', 133n], ['EOPNOTSUPP', 95n],
  ['GFP_KERNEL', 0xcc0n], ['GFP_ATOMIC', 0x820n], ['GFP_NOWAIT', 0x800n], ['__GFP_ZERO', 0x100n],
  ['VM_FAULT_OOM', 1n], ['VM_FAULT_SIGBUS', 2n], ['VM_FAULT_MAJOR', 4n], ['VM_FAULT_HWPOISON', 16n],
  ['VM_FAULT_HWPOISON_LARGE', 32n], ['VM_FAULT_SIGSEGV', 64n], ['VM_FAULT_NOPAGE', 256n],
  ['VM_FAULT_LOCKED', 512n], ['VM_FAULT_RETRY', 1024n], ['VM_FAULT_FALLBACK', 2048n],
  ['FAULT_FLAG_WRITE', 1n], ['FAULT_FLAG_ALLOW_RETRY', 4n], ['FAULT_FLAG_VMA_LOCK', 1n << 12n],
  ['HPAGE_RESV_OWNER', 1n], ['HPAGE_RESV_UNMAPPED', 2n], ['HPAGE_RESV_MASK', 3n], ['__GFP_DIRECT_RECLAIM', 0x400n],
  ['P4D_SHIFT', PGDIR_SHIFT], ['P4D_SIZE', 1n << PGDIR_SHIFT],
  ['ZAP_FLAG_UNMAP', 2n], ['ZAP_FLAG_DROP_MARKER', 1n],
  ['FOLL_WRITE', 1n], ['FOLL_GET', 4n], ['FOLL_DUMP', 8n], ['FOLL_PIN', 1n << 10n],
]);

/** The hstates the scenarios use: PMD-size (2 MiB) and gigantic (1 GiB) pages. */
export const HSTATE_ORDERS = { pmd: 9, gigantic: 18 } as const;
