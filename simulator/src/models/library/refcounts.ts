/**
 * Refcounts and mm counters (mm-facts §2.6). A page-table page's refcount
 * is also its PMD share count in 6.1, so get_page/put_page on
 * virt_to_page(pmd) are share changes (see the conventions in
 * models/builtins.ts). None of these sleeps; all may run under a ptl.
 */
import type { ApiModel, Effect } from '../schema.js';

function counter(name: string, counterName: 'nr_ptes' | 'nr_pmds' | 'nr_puds', delta: 1 | -1, doc: string): ApiModel {
  const effect: Effect = { kind: 'counter', counter: counterName, of: 'mm', delta };
  return { name, params: ['mm'], doc, ref: 'mm-facts §2.6 #62, R4', effects: [effect], returns: 'void' };
}

function ref(name: string, param: string, delta: number, doc: string): ApiModel {
  return { name, params: [param], doc, ref: 'mm-facts §2.6 #58-59', effects: [{ kind: 'refcount', of: param, delta }], returns: 'void' };
}

export const REFCOUNT_MODELS: ApiModel[] = [
  ref('get_page', 'page', 1, "Takes a reference on the page's folio (DEBUG_VM BUGs on a zero or nearly overflowing count). In 6.1 it also adds a sharer to a hugetlb PMD table page."),
  ref('folio_get', 'folio', 1, 'Takes a reference on the folio.'),
  ref('put_page', 'page', -1, "Drops a reference on the page's folio; the last one frees it (a hugetlb folio goes back to its pool). Safe under a spinlock. In 6.1 it is how an unshare drops a PMD table sharer; a just-unmapped data page must not be put before the TLB flush (R20)."),
  ref('folio_put', 'folio', -1, 'Drops a reference on the folio; the last one frees it. Safe under a spinlock.'),
  ref('page_ref_inc', 'page', 1, "Raises the page's own refcount by one without the folio checks."),
  ref('page_ref_dec', 'page', -1, "Lowers the page's own refcount by one without freeing."),
  {
    name: 'page_ref_add',
    params: ['page', 'nr'],
    // The schema's refcount delta is a number, so a variable amount is documented, not tracked.
    doc: "Raises the page's refcount by nr (the amount is not tracked by the model).",
    ref: 'include/linux/page_ref.h; mm-facts §2.6',
    returns: 'void',
  },
  {
    name: 'page_ref_sub',
    params: ['page', 'nr'],
    doc: "Lowers the page's refcount by nr (the amount is not tracked by the model).",
    ref: 'include/linux/page_ref.h; mm-facts §2.6',
    returns: 'void',
  },
  {
    name: 'page_ref_dec_and_test',
    params: ['page'],
    doc: "Lowers the page's refcount by one and says whether it reached zero.",
    ref: 'include/linux/page_ref.h; mm-facts §2.6',
    effects: [{ kind: 'refcount', of: 'page', delta: -1 }],
    returns: 'bool',
    cases: [{ value: 'old(page_count(page)) == 1' }],
  },
  {
    name: 'page_count',
    params: ['page'],
    doc: "The refcount of the page's folio. For a 6.1 hugetlb PMD table page: 1 means unshared, N means N sharing mms.",
    ref: 'mm-facts §2.6 #60, R2',
    returns: 'int',
    builtin: 'page-count',
  },
  {
    name: 'page_ref_count',
    params: ['page'],
    doc: "The page's own refcount field (for a head page the folio's count).",
    ref: 'include/linux/page_ref.h; mm-facts §2.6 #60',
    returns: 'int',
    builtin: 'page-count',
  },
  {
    name: 'folio_ref_count',
    params: ['folio'],
    doc: "The folio's refcount.",
    ref: 'mm-facts §2.6 #60',
    returns: 'int',
    builtin: 'page-count',
  },
  {
    name: 'virt_to_page',
    params: ['kaddr'],
    doc: 'The struct page of a direct-map kernel address; for an entry pointer, the page-table page that holds it (valid because page tables come from the direct map).',
    ref: 'mm-facts §2.6 #61',
    returns: 'pointer',
    builtin: 'virt-to-page',
  },
  counter('mm_inc_nr_pmds', 'nr_pmds', 1, "Adds one PMD table to mm->pgtables_bytes; every PUD->PMD link made in this mm (__pmd_alloc, huge_pmd_share) needs one."),
  counter('mm_dec_nr_pmds', 'nr_pmds', -1, 'Subtracts one PMD table from mm->pgtables_bytes; must pair with every PUD->PMD link removed from this mm.'),
  counter('mm_inc_nr_puds', 'nr_puds', 1, 'Adds one PUD table to mm->pgtables_bytes (__pud_alloc).'),
  counter('mm_dec_nr_puds', 'nr_puds', -1, 'Subtracts one PUD table from mm->pgtables_bytes.'),
  counter('mm_inc_nr_ptes', 'nr_ptes', 1, 'Adds one PTE table to mm->pgtables_bytes (pmd_install).'),
  counter('mm_dec_nr_ptes', 'nr_ptes', -1, 'Subtracts one PTE table from mm->pgtables_bytes (a withdrawn THP deposit, free_pte_range).'),
  {
    name: 'hugetlb_count_add',
    params: ['l', 'mm'],
    doc: "Adds l base pages to mm->hugetlb_usage (pages_per_huge_page per mapped huge page).",
    ref: 'mm-facts §2.6 #63',
    effects: [{ kind: 'counter', counter: 'hugetlb_usage', of: 'mm', delta: 'l' }],
    returns: 'void',
  },
  {
    name: 'hugetlb_count_sub',
    params: ['l', 'mm'],
    doc: 'Subtracts l base pages from mm->hugetlb_usage.',
    ref: 'mm-facts §2.6 #63',
    effects: [{ kind: 'counter', counter: 'hugetlb_usage', of: 'mm', delta: '-l' }],
    returns: 'void',
  },
  {
    name: 'pgtable_trans_huge_deposit',
    params: ['mm', 'pmdp', 'pgtable'],
    doc: "Parks a preallocated PTE table on the PMD table's deposit list, for splitting the THP later. Asserts the PMD ptl.",
    ref: 'mm-facts §2.6 #64',
    asserts: [{ lock: 'ptl(table(pmdp))' }],
    effects: [{ kind: 'deposit', table: 'table(pmdp)' }],
    returns: 'void',
  },
  {
    name: 'pgtable_trans_huge_withdraw',
    params: ['mm', 'pmdp'],
    doc: 'Takes back a deposited PTE table from the PMD table and returns it. Asserts the PMD ptl.',
    ref: 'mm-facts §2.6 #64, R19',
    asserts: [{ lock: 'ptl(table(pmdp))' }],
    effects: [{ kind: 'withdraw', table: 'table(pmdp)' }],
    returns: 'pointer',
    cases: [{ value: 'fresh' }],
  },
];
