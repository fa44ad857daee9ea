/**
 * A 1 GiB hugetlb folio (order 18, 262144 struct pages) on SPARSEMEM without
 * VMEMMAP, with 128 MiB memory sections: the struct pages of each 32768-page
 * section are allocated apart, so plain `page + n` is only valid inside one
 * section. A `struct page *` parameter points somewhere into the folio.
 */
import { addr, constant, fresh } from '../solver/term.js';
import { bindParams } from './build.js';
import type { Scenario } from './types.js';

export const SECTION_PAGES = 32768;
const ORDER = 18;

export const giganticSparsemem: Scenario = {
  name: 'gigantic-sparsemem',
  description: '1 GiB hugetlb page, SPARSEMEM without VMEMMAP, 128 MiB sections (32768 struct pages each)',
  // Only code that moves struct page pointers (or computes subpage offsets) can cross a section.
  applies: (fn, text) => (fn.params.some((p) => /struct (page|folio|hstate)/.test(p.type.base)) || /struct (page|folio) \*/.test(text))
    && /\+\+|--|\+=|-=|\+ |nth_page|folio_page|mem_map_|pages_per_huge_page/.test(text),
  setup(_ctx, path, fn) {
    const folio = path.heap.create('folio', 'the 1 GiB hugetlb folio', { isMemmap: true, order: ORDER });
    path.heap.writeField(folio.id, '__section_pages', constant(SECTION_PAGES));
    path.heap.mutable(folio.id).refcount = constant(1);
    const hstate = path.heap.create('hstate', 'the 1 GiB hstate');
    path.heap.writeField(hstate.id, 'order', constant(ORDER));
    const offset = fresh('the offset of page in the folio', 0n, (1n << BigInt(ORDER)) - 1n);
    bindParams(path, fn, {
      byName: { pfn_offset: offset },
      locals: { page: addr(folio.id), h: addr(hstate.id) },
      byType: { 'struct page': addr(folio.id, offset), 'struct folio': addr(folio.id), 'struct hstate': addr(hstate.id) },
    });
  },
};
