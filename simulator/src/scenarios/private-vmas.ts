/**
 * Scenarios around one VMA: a private anonymous THP mapped by a PMD leaf (with
 * its deposited PTE table), a shared hugetlb VMA registered with uffd-wp, and
 * a shared hugetlb VMA with HGM enabled. The last two must never share PMD
 * tables (R5e and the HGM rule).
 */
import { addr, constant, fresh } from '../solver/term.js';
import { newTable } from '../interp/pagetables.js';
import type { Path } from '../interp/path.js';
import type { FunctionAst } from '../ast.js';
import { bindParams, entryIn, flags, linkPmdTable, makeMapping, makeMm, makeVma } from './build.js';
import { pagetablePicture } from './picture.js';
import type { Scenario } from './types.js';

const PUD_SIZE = 1n << 30n;

function oneVma(path: Path, fn: FunctionAst, vmFlags: string[], hugetlb: boolean, privateData: (p: Path) => bigint | number): void {
  const mm = makeMm(path, 'mm');
  const mapping = hugetlb ? makeMapping(path, 'the hugetlbfs file mapping') : undefined;
  const data = privateData(path);
  const vma = makeVma(path, 'vma', { mm, mapping, vmFlags: flags(...vmFlags), privateData: data ? addr(Number(data)) : constant(0), start: PUD_SIZE, end: 2n * PUD_SIZE });
  const address = fresh('addr', PUD_SIZE, 2n * PUD_SIZE - 1n);
  const table = newTable(path, 'pmd', hugetlb ? 'PMD table T (not shared)' : 'PMD table P', constant(1), mm.id);
  const entry = entryIn(table, address, 'pmd');
  path.heap.mutable(table.id).entries!.set(entry.off.key, fresh(hugetlb ? 'a huge PMD entry' : 'a THP PMD leaf', 1n));
  if (!hugetlb) {
    path.heap.mutable(table.id).deposited = 1;
    path.heap.writeField(mm.id, 'nr_ptes', constant(1));
  }
  const pud = linkPmdTable(path, mm, address, table, 'PUD table of mm');
  const hstate = path.heap.create('hstate', 'the 2 MiB hstate');
  path.heap.writeField(hstate.id, 'order', constant(9));
  path.heap.writeField(vma.id, '__hstate', addr(hstate.id));
  const tlb = path.heap.create('tlb', 'the mmu_gather');
  path.heap.writeField(tlb.id, 'mm', addr(mm.id));
  bindParams(path, fn, {
    byName: { addr: address, address, haddr: address, start: address, pmd: entry, pmdp: entry, ptep: entry, pud: entryIn(pud, address, 'pud') },
    byType: { 'struct mm_struct': addr(mm.id), 'struct vm_area_struct': addr(vma.id), 'struct hstate': addr(hstate.id), 'struct mmu_gather': addr(tlb.id), 'struct address_space': mapping ? addr(mapping.id) : constant(0) },
  });
}

/**
 * The uffd-wp and HGM scenarios only tell something about code that decides
 * or performs PMD sharing; running every hugetlb function in them too would
 * cost a run each and show nothing new.
 */
const decidesSharing = (fn: FunctionAst, text: string) => fn.params.some((p) => /vm_area_struct/.test(p.type.base)) && /share|hgm|uffd|collapse/i.test(text);

export const anonThp: Scenario = {
  name: 'anon-thp',
  description: 'a private anonymous THP mapped by one PMD leaf, with its PTE table deposited',
  applies: (fn, text) => fn.params.some((p) => /vm_area_struct|pmd_t/.test(p.type.base)) && /trans_huge|thp|deposit|withdraw|set_pmd_at|pmdp_|zap_huge_pmd|split_huge_pmd/i.test(text),
  setup: (_ctx, path, fn) => oneVma(path, fn, ['VM_READ', 'VM_WRITE', 'VM_HUGEPAGE'], false, () => 0),
  picture: (path) => pagetablePicture(path),
};

export const uffdWp: Scenario = {
  name: 'uffd-wp',
  description: 'a MAP_SHARED hugetlb VMA registered with userfaultfd write-protect (it must not share PMDs)',
  applies: decidesSharing,
  setup: (_ctx, path, fn) => oneVma(path, fn, ['VM_READ', 'VM_WRITE', 'VM_SHARED', 'VM_MAYSHARE', 'VM_HUGETLB', 'VM_UFFD_WP'], true,
    (p) => p.heap.create('struct', 'the hugetlb VMA lock').id),
  picture: (path) => pagetablePicture(path),
};

export const hgmShared: Scenario = {
  name: 'hgm-shared',
  description: 'a MAP_SHARED hugetlb VMA with high-granularity mapping enabled (it must not share PMDs)',
  applies: decidesSharing,
  setup: (_ctx, path, fn) => oneVma(path, fn, ['VM_READ', 'VM_WRITE', 'VM_SHARED', 'VM_MAYSHARE', 'VM_HUGETLB'], true, (p) => {
    const data = p.heap.create('struct', 'the shared hugetlb VMA data (HGM enabled)');
    p.heap.writeField(data.id, 'hgm_enabled', constant(1));
    return data.id;
  }),
  picture: (path) => pagetablePicture(path),
};
