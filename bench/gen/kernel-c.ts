/**
 * Kernel-style C for the benchmark inputs, in the manner of mm/hugetlb.c:
 * lock/unlock pairs, page-table walks, entry writes with and without the
 * lock, BUG_ONs, goto ladders, loops with page arithmetic. The templates are
 * our own words (not kernel source); they use the kernel APIs the simulator
 * models, so the benchmark exercises the real simulate and check stages and
 * not just the parser.
 *
 * Every function declares the same core locals (mm, h, ptl, ptep, ret) and
 * takes (vma, addr, ...), so a snippet inserted by a patch always compiles in
 * the function it lands in.
 */
import type { Rng } from './rng.js';

export interface CFunction {
  name: string;
  lines: string[];
  /** Line indices before which a top-level statement may be inserted. */
  anchors: number[];
  /** Lines a patch may rewrite: index -> replacement. */
  swaps: Map<number, string>;
}

type Template = (name: string, rng: Rng, callee: string) => { lines: string[]; swaps?: [string, string][] };

const CORE = ['\tstruct mm_struct *mm = vma->vm_mm;', '\tstruct hstate *h = hstate_vma(vma);'];
const TAIL_LOCALS = ['\tspinlock_t *ptl;', '\tpte_t *ptep;', '\tint ret = 0;', ''];
const ANCHOR = '@@ANCHOR@@';

const TEMPLATES: Template[] = [
  // A range walk: the PTE lock is taken and dropped around each entry.
  (name) => ({
    lines: [
      `static int ${name}(struct vm_area_struct *vma, unsigned long addr, unsigned long end)`,
      '{', ...CORE, '\tunsigned long sz = huge_page_size(h);', ...TAIL_LOCALS,
      '\tfor (; addr < end; addr += sz) {',
      '\t\tptep = hugetlb_walk(vma, addr, sz);',
      '\t\tif (!ptep)',
      '\t\t\tcontinue;',
      '\t\tptl = huge_pte_lock(h, mm, ptep);',
      '\t\tif (!huge_pte_none(huge_ptep_get(ptep)))',
      '\t\t\tret++;',
      '\t\tspin_unlock(ptl);',
      '\t}',
      ANCHOR,
      '\treturn ret;', '}',
    ],
    swaps: [['\t\t\tret++;', '\t\t\tret += pages_per_huge_page(h);']],
  }),
  // Unsharing a PMD page: the PUD entry is cleared under i_mmap_rwsem.
  (name) => ({
    lines: [
      `static int ${name}(struct vm_area_struct *vma, unsigned long addr, pte_t *ptep)`,
      '{', ...CORE,
      '\tpgd_t *pgd = pgd_offset(mm, addr);',
      '\tp4d_t *p4d = p4d_offset(pgd, addr);',
      '\tpud_t *pud = pud_offset(p4d, addr);',
      '\tspinlock_t *ptl;', '\tint ret = 0;', '',
      '\ti_mmap_assert_write_locked(vma->vm_file->f_mapping);',
      '\thugetlb_vma_assert_locked(vma);',
      '\tif (page_count(virt_to_page(ptep)) == 1)',
      '\t\treturn 0;',
      ANCHOR,
      '\tpud_clear(pud);',
      '\tput_page(virt_to_page(ptep));',
      '\tmm_dec_nr_pmds(mm);',
      '\tret = 1;',
      '\treturn ret;', '}',
    ],
    swaps: [['\ti_mmap_assert_write_locked(vma->vm_file->f_mapping);', '\ti_mmap_assert_locked(vma->vm_file->f_mapping);']],
  }),
  // Installing an entry: allocate the table, take the lock, write, leave by a label.
  (name) => ({
    lines: [
      `static int ${name}(struct vm_area_struct *vma, unsigned long addr, struct page *page)`,
      '{', ...CORE, '\tunsigned long sz = huge_page_size(h);', '\tpte_t entry;', ...TAIL_LOCALS,
      '\tptep = huge_pte_alloc(mm, vma, addr & huge_page_mask(h), sz);',
      '\tif (!ptep)',
      '\t\treturn -ENOMEM;',
      ANCHOR,
      '\tentry = make_huge_pte(vma, page, vma->vm_flags & VM_WRITE);',
      '\tptl = huge_pte_lock(h, mm, ptep);',
      '\tif (!huge_pte_none(huge_ptep_get(ptep))) {',
      '\t\tret = -EEXIST;',
      '\t\tgoto out_unlock;',
      '\t}',
      '\tset_huge_pte_at(mm, addr, ptep, entry, sz);',
      '\thugetlb_count_add(pages_per_huge_page(h), mm);',
      'out_unlock:',
      '\tspin_unlock(ptl);',
      '\treturn ret;', '}',
    ],
    swaps: [['\thugetlb_count_add(pages_per_huge_page(h), mm);', '\thugetlb_count_add(1 << huge_page_order(h), mm);']],
  }),
  // A loop over the subpages of a huge page.
  (name) => ({
    lines: [
      `static int ${name}(struct vm_area_struct *vma, unsigned long addr, struct page *page)`,
      '{', ...CORE, '\tunsigned long nr = pages_per_huge_page(h);', '\tunsigned long i;', ...TAIL_LOCALS,
      '\tVM_BUG_ON(addr & ~huge_page_mask(h));',
      ANCHOR,
      '\tfor (i = 0; i < nr; i++) {',
      '\t\tstruct page *subpage = nth_page(page, i);',
      '',
      '\t\tif (PageHWPoison(subpage)) {',
      '\t\t\tret = -EHWPOISON;',
      '\t\t\tbreak;',
      '\t\t}',
      '\t\tclear_user_highpage(subpage, addr + i * PAGE_SIZE);',
      '\t\tcond_resched();',
      '\t}',
      '\treturn ret;', '}',
    ],
    swaps: [['\t\tstruct page *subpage = nth_page(page, i);', '\t\tstruct page *subpage = page + i;']],
  }),
  // Pool accounting under hugetlb_lock with a goto ladder.
  (name) => ({
    lines: [
      `static int ${name}(struct vm_area_struct *vma, unsigned long addr, long delta)`,
      '{', ...CORE, '\tspinlock_t *ptl;', '\tpte_t *ptep;', '\tint ret = -ENOMEM;', '',
      ANCHOR,
      '\tspin_lock_irq(&hugetlb_lock);',
      '\tif (delta > 0) {',
      '\t\tif (h->free_huge_pages < delta)',
      '\t\t\tgoto out_unlock;',
      '\t\th->resv_huge_pages += delta;',
      '\t} else {',
      '\t\th->resv_huge_pages += delta;',
      '\t}',
      '\tret = 0;',
      'out_unlock:',
      '\tspin_unlock_irq(&hugetlb_lock);',
      '\treturn ret;', '}',
    ],
    swaps: [['\t\th->resv_huge_pages += delta;', '\t\th->resv_huge_pages += delta * pages_per_huge_page(h);']],
  }),
  // The fault path: fault mutex, then the VMA lock, then the PTE lock.
  (name) => ({
    lines: [
      `static int ${name}(struct vm_area_struct *vma, unsigned long addr, pgoff_t idx)`,
      '{', ...CORE,
      '\tstruct address_space *mapping = vma->vm_file->f_mapping;',
      '\tu32 hash = hugetlb_fault_mutex_hash(mapping, idx);', ...TAIL_LOCALS,
      '\tmutex_lock(&hugetlb_fault_mutex_table[hash]);',
      '\thugetlb_vma_lock_read(vma);',
      '\tptep = huge_pte_alloc(mm, vma, addr, huge_page_size(h));',
      '\tif (!ptep) {',
      '\t\tret = -ENOMEM;',
      '\t\tgoto out_unlock;',
      '\t}',
      '\tptl = huge_pte_lock(h, mm, ptep);',
      '\tif (huge_pte_none(huge_ptep_get(ptep)))',
      '\t\tret = -ENOENT;',
      '\tspin_unlock(ptl);',
      'out_unlock:',
      '\thugetlb_vma_unlock_read(vma);',
      '\tmutex_unlock(&hugetlb_fault_mutex_table[hash]);',
      ANCHOR,
      '\treturn ret;', '}',
    ],
    swaps: [['\t\tret = -ENOENT;', '\t\tret = VM_FAULT_SIGBUS;']],
  }),
  // Walking the other mappings of the file under i_mmap_rwsem.
  (name) => ({
    lines: [
      `static int ${name}(struct vm_area_struct *vma, unsigned long addr, pgoff_t idx)`,
      '{', ...CORE,
      '\tstruct address_space *mapping = vma->vm_file->f_mapping;',
      '\tstruct vm_area_struct *svma;', ...TAIL_LOCALS,
      '\ti_mmap_lock_read(mapping);',
      '\tvma_interval_tree_foreach(svma, &mapping->i_mmap, idx, idx) {',
      '\t\tif (svma == vma)',
      '\t\t\tcontinue;',
      '\t\tif (!vma_shareable(svma, addr))',
      '\t\t\tcontinue;',
      '\t\tret++;',
      '\t}',
      '\ti_mmap_unlock_read(mapping);',
      ANCHOR,
      '\treturn ret;', '}',
    ],
    swaps: [['\ti_mmap_lock_read(mapping);', '\ti_mmap_lock_write(mapping);'], ['\ti_mmap_unlock_read(mapping);', '\ti_mmap_unlock_write(mapping);']],
  }),
  // A four-level walk down to the PMD, cleared under the PMD lock.
  (name) => ({
    lines: [
      `static int ${name}(struct vm_area_struct *vma, unsigned long addr, unsigned long end)`,
      '{', ...CORE, '\tpgd_t *pgd;', '\tp4d_t *p4d;', '\tpud_t *pud;', '\tpmd_t *pmd;', ...TAIL_LOCALS,
      '\tpgd = pgd_offset(mm, addr);',
      '\tif (pgd_none(*pgd))',
      '\t\treturn 0;',
      '\tp4d = p4d_offset(pgd, addr);',
      '\tif (p4d_none(*p4d))',
      '\t\treturn 0;',
      '\tpud = pud_offset(p4d, addr);',
      '\tif (pud_none(*pud))',
      '\t\treturn 0;',
      '\tpmd = pmd_offset(pud, addr);',
      '\tptl = pmd_lock(mm, pmd);',
      '\tif (pmd_present(*pmd) && pmd_trans_huge(*pmd)) {',
      '\t\tpmd_clear(pmd);',
      '\t\tret = 1;',
      '\t}',
      '\tspin_unlock(ptl);',
      ANCHOR,
      '\treturn ret;', '}',
    ],
    swaps: [['\t\tpmd_clear(pmd);', '\t\tpmdp_huge_get_and_clear(mm, addr, pmd);']],
  }),
  // Taking a folio off a free list under hugetlb_lock.
  (name) => ({
    lines: [
      `static int ${name}(struct vm_area_struct *vma, unsigned long addr, int nid)`,
      '{', ...CORE, '\tstruct folio *folio, *next;', ...TAIL_LOCALS,
      ANCHOR,
      '\tspin_lock_irq(&hugetlb_lock);',
      '\tlist_for_each_entry_safe(folio, next, &h->hugepage_freelists[nid], lru) {',
      '\t\tif (folio_test_hwpoison(folio))',
      '\t\t\tcontinue;',
      '\t\tlist_move(&folio->lru, &h->hugepage_activelist);',
      '\t\tfolio_ref_unfreeze(folio, 1);',
      '\t\tret++;',
      '\t\tbreak;',
      '\t}',
      '\tspin_unlock_irq(&hugetlb_lock);',
      '\treturn ret;', '}',
    ],
    swaps: [['\t\tbreak;', '\t\tif (ret >= 2)\n\t\t\tbreak;']],
  }),
  // A wrapper that flushes around a call to another function of the file.
  (name, _rng, callee) => ({
    lines: [
      `static int ${name}(struct vm_area_struct *vma, unsigned long addr, unsigned long end)`,
      '{', ...CORE, ...TAIL_LOCALS,
      '#ifdef CONFIG_HUGETLB_PAGE_OPTIMIZE_VMEMMAP',
      '\tif (hugetlb_vmemmap_optimizable(h))',
      '\t\tret = hugetlb_vmemmap_restore(h, addr);',
      '#endif',
      '\tif (ret)',
      '\t\treturn ret;',
      '\tflush_cache_range(vma, addr, end);',
      `\tret = ${callee}(vma, addr, end);`,
      ANCHOR,
      '\tflush_hugetlb_tlb_range(vma, addr, end);',
      '\treturn ret;', '}',
    ],
    swaps: [['\tflush_cache_range(vma, addr, end);', '\tflush_cache_range(vma, addr & huge_page_mask(h), end);']],
  }),
];

/** Statement snippets a patch inserts; each uses only the core locals and (vma, addr). */
const SNIPPETS: ((rng: Rng) => string[])[] = [
  // An entry write under the PTE lock.
  () => [
    '\tptep = huge_pte_offset(mm, addr & huge_page_mask(h), huge_page_size(h));',
    '\tif (ptep) {',
    '\t\tptl = huge_pte_lock(h, mm, ptep);',
    '\t\thuge_ptep_set_wrprotect(mm, addr, ptep);',
    '\t\tspin_unlock(ptl);',
    '\t}',
  ],
  // The same write without the lock (what the checks should flag).
  () => [
    '\tptep = huge_pte_offset(mm, addr & huge_page_mask(h), huge_page_size(h));',
    '\tif (ptep && !huge_pte_none(huge_ptep_get(ptep)))',
    '\t\thuge_pte_clear(mm, addr, ptep, huge_page_size(h));',
  ],
  (rng) => [rng.pick(['\tBUG_ON(!vma->vm_file);', '\tVM_BUG_ON_VMA(!is_vm_hugetlb_page(vma), vma);', '\tBUG_ON(addr & ~huge_page_mask(h));', '\tWARN_ON_ONCE(ret < 0);'])],
  // An early return under hugetlb_lock; sometimes the unlock is forgotten.
  (rng) => {
    const unlock = rng.chance(0.7) ? ['\t\tspin_unlock(&hugetlb_lock);'] : [];
    return [
      '\tspin_lock(&hugetlb_lock);',
      '\tif (!h->nr_huge_pages) {',
      ...unlock,
      '\t\treturn -ENOSPC;',
      '\t}',
      '\th->surplus_huge_pages++;',
      '\tspin_unlock(&hugetlb_lock);',
    ];
  },
  () => ['\tif (ret > 0)', '\t\thugetlb_count_sub(ret * pages_per_huge_page(h), mm);'],
  // A walk over the subpages, with or without nth_page().
  (rng) => [
    '\tif (ret > 0) {',
    '\t\tstruct page *head = pfn_to_page(addr >> PAGE_SHIFT);',
    '\t\tunsigned long j;',
    '',
    '\t\tfor (j = 0; j < pages_per_huge_page(h); j++)',
    rng.chance(0.5) ? '\t\t\tflush_dcache_page(head + j);' : '\t\t\tflush_dcache_page(nth_page(head, j));',
    '\t}',
  ],
  // A walk with the VMA lock for read around the lookup.
  () => [
    '\thugetlb_vma_lock_read(vma);',
    '\tptep = hugetlb_walk(vma, addr, huge_page_size(h));',
    '\tif (ptep && huge_pte_none(huge_ptep_get(ptep)))',
    '\t\tret = -ENOENT;',
    '\thugetlb_vma_unlock_read(vma);',
  ],
];

function materialise(lines: string[], swaps: [string, string][] = []): Omit<CFunction, 'name'> {
  const out: string[] = [];
  const anchors: number[] = [];
  for (const l of lines) {
    if (l === ANCHOR) anchors.push(out.length);
    else out.push(l);
  }
  const swapMap = new Map<number, string>();
  for (const [from, to] of swaps) {
    const i = out.indexOf(from);
    if (i >= 0) swapMap.set(i, to);
  }
  return { lines: out, anchors, swaps: swapMap };
}

export function makeFunction(rng: Rng, name: string, callee: string): CFunction {
  const t = TEMPLATES[rng.int(TEMPLATES.length)](name, rng, callee);
  return { name, ...materialise(t.lines, t.swaps) };
}

/** A kernel-doc comment of our own for a function, as hugetlb.c has above most. */
export function docComment(rng: Rng, name: string): string[] {
  const what = rng.pick(['walk the huge page entries of a range', 'account a change of the reservation', 'unshare a shared PMD page', 'install a huge page entry', 'drop the subpages of a huge page', 'look for other mappings of a file offset']);
  return ['/*', ` * ${name} - ${what}`, ' * @vma: the hugetlb mapping', ' * @addr: a huge-page aligned address in @vma', ' *', ` * Return: ${rng.pick(['0 or a negative errno', 'the number of entries seen', '1 when the page was unshared, 0 otherwise'])}.`, ' */'];
}

export interface Edit {
  /** Index in the function's lines before which `insert` goes; `remove` lines are dropped from there. */
  at: number;
  remove: number;
  insert: string[];
}

/** A patch's change to one function: one or two snippets at anchors, sometimes a rewritten line. */
export function mutateFunction(rng: Rng, fn: CFunction): Edit[] {
  const edits: Edit[] = [];
  const anchors = rng.shuffle(fn.anchors).slice(0, rng.range(1, Math.min(2, fn.anchors.length)));
  for (const at of anchors) edits.push({ at, remove: 0, insert: rng.pick(SNIPPETS)(rng) });
  if (fn.swaps.size && rng.chance(0.6)) {
    const [at, to] = rng.pick([...fn.swaps]);
    if (!edits.some((e) => e.at === at)) edits.push({ at, remove: 1, insert: to.split('\n') });
  }
  return edits.sort((a, b) => a.at - b.at);
}

const VERBS = ['walk', 'unshare', 'account', 'install', 'clear', 'collect', 'prepare', 'restore', 'isolate', 'promote', 'split', 'settle', 'reserve', 'release', 'scan', 'fixup'];
const NOUNS = ['pmd', 'range', 'subpages', 'entries', 'pool', 'resv', 'shared_pmds', 'pud', 'folios', 'mapping', 'vmemmap', 'surplus', 'fault', 'tables'];
const PREFIXES = ['hugetlb', 'huge_pmd', 'hstate', 'hugepage', '__hugetlb'];

/** Unique, kernel-looking function names in a seeded order. */
export function nameSource(rng: Rng): () => string {
  const all: string[] = [];
  for (const p of PREFIXES) for (const v of VERBS) for (const n of NOUNS) all.push(`${p}_${v}_${n}`);
  const order = rng.shuffle(all);
  let i = 0;
  return () => {
    const base = order[i % order.length];
    const round = Math.floor(i / order.length);
    i++;
    return round ? `${base}_${round + 1}` : base;
  };
}
