/**
 * Two processes map the same hugetlbfs file MAP_SHARED over a whole PUD-aligned
 * gigabyte, and their page tables share one PMD table (page_count 2 in the
 * 6.1 accounting). The function under test runs in process A.
 */
import { addr, constant, fresh } from '../solver/term.js';
import { newTable } from '../interp/pagetables.js';
import { bindParams, entryIn, flags, linkPmdTable, makeMapping, makeMm, makeVma } from './build.js';
import { pagetablePicture } from './picture.js';
import type { Scenario } from './types.js';

const PUD_SIZE = 1n << 30n;

export const sharedPmd: Scenario = {
  name: 'shared-pmd',
  description: 'two mms map one hugetlbfs file MAP_SHARED and share a PMD table (page_count 2)',
  // Code that touches PMD/PUD entries, their locks, or hugetlb mappings can meet a shared table.
  applies: (fn, text) => /pmd|pud|huge_pte|hugetlb|share|ptl|tlb/i.test(text),
  setup(_ctx, path, fn) {
    const mmA = makeMm(path, 'mm A');
    const mmB = makeMm(path, 'mm B');
    const mapping = makeMapping(path, 'the hugetlbfs file mapping');
    const vmFlags = flags('VM_READ', 'VM_WRITE', 'VM_SHARED', 'VM_MAYSHARE', 'VM_HUGETLB');
    const lockA = path.heap.create('struct', 'the hugetlb VMA lock of vma A');
    const lockB = path.heap.create('struct', 'the hugetlb VMA lock of vma B');
    const vmaA = makeVma(path, 'vma A', { mm: mmA, mapping, vmFlags, privateData: addr(lockA.id), start: PUD_SIZE, end: 2n * PUD_SIZE });
    makeVma(path, 'vma B', { mm: mmB, mapping, vmFlags, privateData: addr(lockB.id), start: 3n * PUD_SIZE, end: 4n * PUD_SIZE });
    const address = fresh('addr', PUD_SIZE, 2n * PUD_SIZE - 1n);
    const shared = newTable(path, 'pmd', 'PMD table T (shared)', constant(2));
    const pmdEntry = entryIn(shared, address, 'pmd');
    path.heap.mutable(shared.id).entries!.set(pmdEntry.off.key, fresh('a huge PMD entry', 1n));
    const pudA = linkPmdTable(path, mmA, address, shared, 'PUD table of mm A');
    linkPmdTable(path, mmB, address, shared, 'PUD table of mm B');
    const hstate = path.heap.create('hstate', 'the 2 MiB hstate');
    path.heap.writeField(hstate.id, 'order', constant(9));
    path.heap.writeField(vmaA.id, '__hstate', addr(hstate.id));
    const tlb = path.heap.create('tlb', 'the mmu_gather of mm A');
    path.heap.writeField(tlb.id, 'mm', addr(mmA.id));
    path.heap.writeField(tlb.id, 'fullmm', constant(0));
    bindParams(path, fn, {
      byName: { addr: address, address, haddr: address, start: address, pmd: pmdEntry, pmdp: pmdEntry, ptep: pmdEntry, pte: pmdEntry, pud: entryIn(pudA, address, 'pud') },
      byType: {
        'struct mm_struct': addr(mmA.id), 'struct vm_area_struct': addr(vmaA.id), 'struct address_space': addr(mapping.id),
        'struct hstate': addr(hstate.id), 'struct mmu_gather': addr(tlb.id), pmd_t: pmdEntry, pte_t: pmdEntry,
      },
    });
  },
  picture: (path) => pagetablePicture(path),
};
