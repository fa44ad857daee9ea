// Issue 4's acceptance: what the simulator says about the seed functions and
// about fixtures of ours that differ from them in the one place that matters.
import { before, test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { analyze } from '../../server/src/analysis/analyze.js';
import { simulateNamed } from '../../server/src/analysis/simulate/simulate-named.js';
import { digest } from '../../simulator/src/summary.js';
import { ready_ } from '../checks/golden-format.js';
import { seedText } from './seed-helpers.js';

before(() => ready_());

const fixture = (name: string) => readFileSync(`test/fixtures/simulate/${name}`, 'utf8');

function summaryOf(text: string, fn: string, scenario = 'auto', config?: (c: string) => boolean) {
  const sims = simulateNamed(text, fn, { scenario }).simulations.filter((s) => (config ? config(s.config) : true));
  assert.ok(sims.length > 0, `${fn} was simulated`);
  return sims[0].summary;
}

test('seed 004: unsharing clears the PUD entry with only the PMD ptl held; share 2 -> 1, nr_pmds -1, returns 1', (t) => {
  const text = seedText('004');
  if (!text) return t.skip('../shared/seeds is not present');
  const s = summaryOf(text, 'unshare_huge_pmd', 'shared-pmd', (c) => !c.startsWith('!'));
  assert.match(s.context, /called from zap_huge_pmd/);
  const unsharing = s.paths.find((p) => p.events.some((e) => e.detail.startsWith('writes a PUD entry')));
  assert.ok(unsharing, 'a path writes the PUD entry');
  const write = unsharing.events.find((e) => e.detail.startsWith('writes a PUD entry'))!;
  assert.deepEqual(write.locksHeld, ['ptl of PMD table T (shared)']);
  assert.ok(!write.locksHeld.some((l) => l.includes('i_mmap_rwsem')));
  assert.ok(unsharing.events.some((e) => /share count 2 -> \(?2 \+ -1\)?|share count 2 -> 1/.test(e.detail)), unsharing.events.map((e) => e.detail).join('\n'));
  assert.ok(unsharing.events.some((e) => e.detail.startsWith('nr_pmds -1')));
  assert.equal(unsharing.returns, '1');
});

test('the same unshare called under i_mmap_lock_write shows i_mmap_rwsem (write) held at the write', () => {
  const s = summaryOf(fixture('unshare-under-immap.patch'), 'drop_pmd_share', 'shared-pmd');
  const write = s.paths.flatMap((p) => p.events).find((e) => e.detail.startsWith('writes a PUD entry'));
  assert.ok(write);
  assert.ok(write.locksHeld.some((l) => /i_mmap_rwsem .*\(write\)/.test(l)), write.locksHeld.join(', '));
  assert.deepEqual(analyze(fixture('unshare-under-immap.patch')).findings.filter((f) => f.severity === 'warning'), []);
});

test('seed 000: no feasible path reaches BUG_ON(!data) with data == NULL', (t) => {
  const text = seedText('000');
  if (!text) return t.skip('../shared/seeds is not present');
  const s = summaryOf(text, 'enable_hugetlb_hgm', 'none', (c) => !c.startsWith('!'));
  const bugs = s.paths.flatMap((p) => p.events).filter((e) => e.kind === 'bug');
  assert.ok(bugs.length > 0, 'the BUG_ON is reached');
  assert.ok(bugs.every((e) => /cannot fire/.test(e.detail)), bugs.map((e) => e.detail).join('\n'));
});

test('without the eligibility check the BUG_ON has a feasible path, and its condition names it', () => {
  const s = summaryOf(fixture('enable-without-eligibility.patch'), 'hugetlb_fine_mapping_enable', 'none');
  const firing = s.paths.find((p) => p.events.some((e) => e.kind === 'bug' && /fires/.test(e.detail)));
  assert.ok(firing, 'a path fires the BUG_ON');
  assert.match(firing.condition, /VM_MAYSHARE/);
  assert.match(firing.condition, /hugetlb_vma_data_alloc\(vma\) returned 0/);
});

test('page++ over a gigantic folio crosses a section; nth_page(page, i) does not', () => {
  const plain = analyze(fixture('subpages-plain-increment.patch')).findings.filter((f) => f.ruleId === 'mm/page-arith-gigantic');
  assert.equal(plain.length, 1);
  assert.match(plain[0].message, /i = 32768/);
  assert.deepEqual(analyze(fixture('subpages-nth-page.patch')).findings.filter((f) => f.ruleId === 'mm/page-arith-gigantic'), []);
});

test('seed 003: vma_pgtable_walk_begin takes the hugetlb VMA lock for read on hugetlb VMAs, otherwise nothing', (t) => {
  const text = seedText('003');
  if (!text) return t.skip('../shared/seeds is not present');
  const lines = digest(summaryOf(text, 'vma_pgtable_walk_begin', 'none'));
  assert.ok(lines.some((l) => /^when is_vm_hugetlb_page\(vma\): .*may sleep.*takes hugetlb VMA lock of vma for read/.test(l)), lines.join('\n'));
  assert.ok(lines.some((l) => /^when !\(is_vm_hugetlb_page\(vma\)\): nothing/.test(l)), lines.join('\n'));
});
