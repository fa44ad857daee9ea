// The acceptance of issue 2 on the five real review threads in
// ../shared/seeds. The seeds are not part of the project; when the folder is
// not beside this checkout the tests skip and say so.
import { test, type TestContext } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { ingest } from '../../server/src/analysis/ingest/index.js';
import type { FileDiff, PatchSet } from '../../server/src/analysis/ingest/types.js';
import { allFiles, allLines, SEEDS, seedFiles, spanErrors } from './helpers.js';

function loadSeed(t: TestContext, prefix: string): { text: string; set: PatchSet } | null {
  const files = seedFiles();
  const file = files?.find((f) => path.basename(f).startsWith(prefix));
  if (!file) {
    t.skip(`${SEEDS} (seed ${prefix}) does not exist here`);
    return null;
  }
  const text = readFileSync(file, 'utf8');
  return { text, set: ingest(text) };
}

function hunkCounts(files: FileDiff[]): Record<string, number> {
  const out: Record<string, number> = {};
  for (const f of files) out[f.path] = (out[f.path] ?? 0) + f.hunks.length;
  return out;
}

test('seed 000: one patch at depth 2, hugetlb.h 2 hunks and hugetlb.c 3 hunks', (t) => {
  const seed = loadSeed(t, '000');
  if (!seed) return;
  const patches = seed.set.messages.flatMap((m) => m.patches);
  assert.equal(patches.length, 1);
  assert.equal(patches[0].quoteDepth, 2);
  assert.deepEqual(hunkCounts(patches[0].files), { 'include/linux/hugetlb.h': 2, 'mm/hugetlb.c': 3 });
  assert.ok(patches[0].files.every((f) => !f.inferred && f.quoteDepth === 2));
  const bug = allLines(seed.set).find((l) => l.text.includes('BUG_ON(!data)'));
  assert.ok(bug && bug.kind === 'added', 'the BUG_ON line is an added line');
  assert.ok(bug.comments.length > 0, 'the reviewer comments after the BUG_ON are attached to it');
  assert.ok(allLines(seed.set).some((l) => l.text.includes('data->hgm_enabled = true;')), 'the patch continues after the comments');
});

test('seed 001: headerless fragment at depth 4 inferred as mm/hugetlb.c', (t) => {
  const seed = loadSeed(t, '001');
  if (!seed) return;
  const patches = seed.set.messages.flatMap((m) => m.patches);
  assert.equal(patches.length, 1);
  assert.equal(patches[0].quoteDepth, 4);
  const files = patches[0].files;
  assert.equal(files.length, 1);
  assert.equal(files[0].path, 'mm/hugetlb.c');
  assert.equal(files[0].inferred, true);
  assert.ok(files[0].inferredFrom);
  const added = files[0].hunks.flatMap((h) => h.lines).filter((l) => l.kind === 'added').map((l) => l.text);
  assert.ok(added.some((t) => t.includes('static void record_subpages_vmas(')));
  assert.ok(added.some((t) => t.includes('pages[nr] = page++;')));
  const atHunks = files[0].hunks.filter((h) => h.header.startsWith('@@'));
  assert.equal(atHunks.length, 1);
  assert.match(atHunks[0].function, /follow_hugetlb_page/);
});

test('seed 002: no patch, no error', (t) => {
  const seed = loadSeed(t, '002');
  if (!seed) return;
  assert.equal(seed.set.messages.flatMap((m) => m.patches).length, 0);
  assert.ok(seed.set.messages.length >= 1);
});

test('seed 003: mm.h 1 hunk, memory.c 1 hunk', (t) => {
  const seed = loadSeed(t, '003');
  if (!seed) return;
  assert.deepEqual(hunkCounts(allFiles(seed.set)), { 'include/linux/mm.h': 1, 'mm/memory.c': 1 });
  const begin = allLines(seed.set).find((l) => l.text.startsWith('void vma_pgtable_walk_begin('));
  assert.ok(begin && begin.kind === 'added');
});

test('seed 004: five messages, the patch quoted at depths 3, 2 and 1', (t) => {
  const seed = loadSeed(t, '004');
  if (!seed) return;
  const { messages } = seed.set;
  assert.equal(messages.length, 5);
  const quoting = messages.filter((m) => m.patches.length > 0);
  assert.deepEqual(quoting.map((m) => m.patches.map((p) => p.quoteDepth)), [[3], [2], [1]]);
  const paths = new Set(allFiles(seed.set).map((f) => f.path));
  for (const p of ['mm/memory.c', 'mm/huge_memory.c', 'mm/hugetlb.c', 'include/linux/hugetlb.h']) assert.ok(paths.has(p), p);
  for (const m of quoting.slice(1)) {
    const hm = m.patches.flatMap((p) => p.files).filter((f) => f.path === 'mm/huge_memory.c');
    assert.equal(hm.reduce((n, f) => n + f.hunks.length, 0), 2, 'mm/huge_memory.c has 2 hunks');
  }
  const headers = allFiles(seed.set).flatMap((f) => f.hunks.map((h) => h.header));
  assert.ok(headers.includes('@@ -1764,6 +1791,11 @@ int zap_huge_pmd(struct mmu_gather *tlb, struct vm_area_struct *vma,'));
  assert.ok(headers.includes('@@ -3845,6 +3845,109 @@ static vm_fault_t handle_pte_fault(struct vm_fault *vmf)'));
  assert.ok(!headers.some((h) => /\(struct$/.test(h)), 'no wrapped header is left unjoined');
  const codeTexts = allLines(seed.set).map((l) => l.text);
  assert.ok(!codeTexts.includes('vm_area_struct *vma,'), 'a header continuation is not a code line');
  const pudClears = allLines(seed.set).filter((l) => l.kind === 'added' && l.text.trim() === 'pud_clear(pud);');
  assert.equal(pudClears.length, 2, 'pud_clear(pud) is quoted twice');
});

test('every seed line has an exact span', (t) => {
  const files = seedFiles();
  if (!files) return t.skip(`${SEEDS} does not exist here`);
  for (const file of files) {
    const text = readFileSync(file, 'utf8');
    const set = ingest(text);
    assert.deepEqual(spanErrors(text, set), [], path.basename(file));
    assert.ok(allLines(set).every((l) => l.exact), `${path.basename(file)}: plain text stays exact`);
  }
});
