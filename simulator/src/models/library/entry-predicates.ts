/**
 * Tests and reads of page-table entry values. Other models' conditions use
 * them (pmd_trans_huge_lock, pud_alloc), and so does nearly every function
 * under review, so they are modelled although mm-facts lists them only in
 * passing. All are pure: no locks, no sleeping; the value they look at is
 * only stable under the table's ptl.
 */
import type { ApiModel } from '../schema.js';

function test(name: string, param: string, builtin: string, doc: string): ApiModel {
  return { name, params: [param], doc, ref: 'include/linux/pgtable.h; mm-facts §2.1', returns: 'bool', builtin };
}

export const ENTRY_PREDICATE_MODELS: ApiModel[] = [
  test('pgd_none', 'pgd', 'entry-test:none', 'True when the PGD entry value is empty.'),
  test('p4d_none', 'p4d', 'entry-test:none', 'True when the P4D entry value is empty.'),
  test('p4d_present', 'p4d', 'entry-test:present', 'True when the P4D entry value points to a PUD table.'),
  test('pud_none', 'pud', 'entry-test:none', 'True when the PUD entry value is empty.'),
  test('pud_present', 'pud', 'entry-test:present', 'True when the PUD entry value is present (a PMD table or a PUD-size leaf).'),
  test('pud_leaf', 'pud', 'entry-test:huge', 'True when the PUD entry value is a huge leaf rather than a table.'),
  test('pmd_none', 'pmd', 'entry-test:none', 'True when the PMD entry value is empty.'),
  test('pmd_present', 'pmd', 'entry-test:present', 'True when the PMD entry value is present (a PTE table or a leaf).'),
  test('pmd_trans_huge', 'pmd', 'entry-test:huge', 'True when the PMD entry value is a THP leaf rather than a table.'),
  test('pmd_leaf', 'pmd', 'entry-test:huge', 'True when the PMD entry value is a huge leaf rather than a table.'),
  test('pmd_devmap', 'pmd', 'entry-test:devmap', 'True when the PMD entry value is a devmap leaf.'),
  test('is_swap_pmd', 'pmd', 'entry-test:swap', 'True when the PMD entry value is a non-present swap or migration entry.'),
  test('pte_none', 'pte', 'entry-test:none', 'True when the PTE value is empty.'),
  test('pte_present', 'pte', 'entry-test:present', 'True when the PTE value maps a page.'),
  test('huge_pte_none', 'pte', 'entry-test:none', 'True when the hugetlb entry value is empty.'),
  {
    name: 'pte_same',
    params: ['a', 'b'],
    doc: 'True when two PTE values are identical: the re-check after dropping and retaking a ptl (R17).',
    ref: 'include/linux/pgtable.h; mm-facts R17',
    returns: 'bool',
    cases: [{ value: 'a == b' }],
  },
  {
    name: 'pmd_same',
    params: ['a', 'b'],
    doc: 'True when two PMD values are identical: the re-check after retaking the PMD ptl (R17).',
    ref: 'include/linux/pgtable.h; mm-facts R17',
    returns: 'bool',
    cases: [{ value: 'a == b' }],
  },
  {
    name: 'huge_ptep_get',
    params: ['ptep'],
    doc: 'Reads a hugetlb entry. The value is only stable under the ptl.',
    ref: 'include/linux/hugetlb.h; mm-facts §2.3',
    returns: 'entry',
    cases: [{ value: '*ptep' }],
  },
  {
    name: 'ptep_get',
    params: ['ptep'],
    doc: 'Reads a PTE once. The value is only stable under the ptl.',
    ref: 'include/linux/pgtable.h',
    returns: 'entry',
    cases: [{ value: '*ptep' }],
  },
  {
    name: 'pmdp_get_lockless',
    params: ['pmdp'],
    doc: 'Reads a PMD without the lock, as GUP-fast and pte_offset_map do; the value may change at once.',
    ref: 'include/linux/pgtable.h; mm-facts §2.1 #3',
    returns: 'entry',
    cases: [{ value: '*pmdp' }],
  },
];
