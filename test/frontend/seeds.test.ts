// Issue 3 acceptance on the real review threads in ../shared/seeds: the
// changed functions each seed must give, with kinds, completeness, config
// variants and every quoted occurrence, and the exactness invariant of the
// line maps.
import { before, test } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { ingest } from '../../server/src/analysis/ingest/index.js';
import { extractFunctions } from '../../server/src/analysis/frontend/index.js';
import type { ChangedFunction, FrontendResult } from '../../server/src/analysis/frontend/types.js';
import type { Expr } from '../../simulator/src/ast.js';
import { setupFrontend } from './frontend-setup.js';

const seedsDir = path.resolve(process.cwd(), '..', 'shared', 'seeds');
const haveSeeds = existsSync(seedsDir);
const skip = haveSeeds ? false : `seeds not found at ${seedsDir}`;

before(setupFrontend);

function seed(prefix: string): { text: string; result: FrontendResult } {
  const name = readdirSync(seedsDir).find((f) => f.startsWith(prefix));
  assert.ok(name, `seed ${prefix} exists`);
  const text = readFileSync(path.join(seedsDir, name), 'utf8');
  return { text, result: extractFunctions(ingest(text), text) };
}

function find(result: FrontendResult, file: string, name: string, config = ''): ChangedFunction {
  const f = result.functions.find((x) => x.file === file && x.name === name && x.config === config);
  assert.ok(f, `${file}:${name}${config ? '#' + config : ''} among ${result.functions.map((x) => x.id).join(', ')}`);
  return f;
}

function expect(f: ChangedFunction, kind: ChangedFunction['kind'], complete: boolean, occurrences: number[]): void {
  assert.equal(f.kind, kind, `${f.id} kind`);
  assert.equal(f.complete, complete, `${f.id} complete`);
  assert.deepEqual(f.occurrences.map((o) => o.quoteDepth), occurrences, `${f.id} occurrence depths`);
  if (kind !== 'declared') assert.ok(f.ast?.body, `${f.id} has a lowered body`);
  assert.equal(f.errorNodes, 0, `${f.id} error nodes`);
}

/** Every exact mapping points at document text equal to the function text it maps. */
function assertExactMaps(text: string, result: FrontendResult): void {
  for (const f of result.functions) {
    for (const o of f.occurrences) {
      for (const [map, source] of [[o.map, f.postText], [o.preMap, f.preText ?? '']] as const) {
        for (const l of map?.lines ?? []) {
          if (!l.exact) continue;
          assert.equal(text.slice(l.doc.start, l.doc.end), source.slice(l.textStart, l.textStart + l.textLength), `${f.id} line at ${l.textStart}`);
        }
      }
    }
  }
}

/** Every call to `name` anywhere in a lowered function. */
function callsNamed(ast: unknown, name: string): (Expr & { kind: 'call' })[] {
  const out: (Expr & { kind: 'call' })[] = [];
  const visit = (n: unknown): void => {
    if (!n || typeof n !== 'object') return;
    if (Array.isArray(n)) return n.forEach(visit);
    const e = n as Expr;
    if (e.kind === 'call' && e.callee === name) out.push(e);
    Object.values(n).forEach(visit);
  };
  visit(ast);
  return out;
}

const HGM = 'CONFIG_HUGETLB_HIGH_GRANULARITY_MAPPING';

test('seed 000: HGM enablement functions, their #else stubs, and two partial modifications', { skip }, () => {
  const { text, result } = seed('000');
  for (const name of ['hugetlb_hgm_eligible', 'hugetlb_hgm_enabled', 'enable_hugetlb_hgm']) {
    expect(find(result, 'mm/hugetlb.c', name, HGM), 'added', true, [2]);
    expect(find(result, 'include/linux/hugetlb.h', name, `!${HGM}`), 'added', true, [2]);
  }
  expect(find(result, 'mm/hugetlb.c', 'pmd_sharing_possible'), 'modified', false, [2]);
  expect(find(result, 'mm/hugetlb.c', 'hugetlb_vma_data_alloc'), 'modified', false, [2]);
  assert.deepEqual(find(result, 'mm/hugetlb.c', 'hugetlb_hgm_enabled', HGM).callers.sort(), ['enable_hugetlb_hgm', 'pmd_sharing_possible']);
  assertExactMaps(text, result);
});

test('seed 001: record_subpages_vmas added whole, follow_hugetlb_page partial with the cut call', { skip }, () => {
  const { text, result } = seed('001');
  expect(find(result, 'mm/hugetlb.c', 'record_subpages_vmas'), 'added', true, [4]);
  const follow = find(result, 'mm/hugetlb.c', 'follow_hugetlb_page');
  expect(follow, 'modified', false, [4]);
  assert.deepEqual(find(result, 'mm/hugetlb.c', 'record_subpages_vmas').callers, ['follow_hugetlb_page']);
  const cut = callsNamed(follow.ast, 'record_subpages_vmas');
  assert.equal(cut.length, 1);
  assert.equal(cut[0].truncated, true);
  assert.deepEqual(cut[0].args.map((a) => (a.kind === 'call' ? a.callee : a.kind)), ['mem_map_offset']);
  assertExactMaps(text, result);
});

test('seed 002: no patch, no functions, no error', { skip }, () => {
  const { result } = seed('002');
  assert.deepEqual(result.functions, []);
});

test('seed 003: vma_pgtable_walk_begin added whole; vma_pgtable_walk_end only declared', { skip }, () => {
  const { text, result } = seed('003');
  expect(find(result, 'mm/memory.c', 'vma_pgtable_walk_begin'), 'added', true, [2]);
  const end = find(result, 'include/linux/mm.h', 'vma_pgtable_walk_end');
  expect(end, 'declared', false, [2]);
  assert.equal(end.ast, undefined);
  assert.equal(result.functions.filter((f) => f.name === 'vma_pgtable_walk_begin').length, 1, 'the begin prototype is not listed apart from its body');
  assertExactMaps(text, result);
});

test('seed 004: unshare_huge_pmd variants, zap_huge_pmd, the shareable helpers and the cut huge_pmd_offset', { skip }, () => {
  const { text, result } = seed('004');
  const FSDAX = 'CONFIG_MAY_SHARE_FSDAX_PMD';
  expect(find(result, 'mm/huge_memory.c', 'unshare_huge_pmd', FSDAX), 'added', true, [2, 1]);
  expect(find(result, 'mm/huge_memory.c', 'unshare_huge_pmd', `!${FSDAX}`), 'added', true, [2, 1]);
  expect(find(result, 'mm/huge_memory.c', 'zap_huge_pmd'), 'modified', false, [2, 1]);
  const PMD_SHARE = 'CONFIG_ARCH_WANT_HUGE_PMD_SHARE';
  expect(find(result, 'mm/hugetlb.c', 'page_table_shareable', PMD_SHARE), 'modified', false, [2, 1]);
  expect(find(result, 'mm/hugetlb.c', 'vma_shareable', PMD_SHARE), 'modified', false, [1]);
  expect(find(result, 'mm/memory.c', 'huge_pmd_offset', FSDAX), 'added', false, [3]);
  assert.deepEqual(find(result, 'mm/huge_memory.c', 'unshare_huge_pmd', FSDAX).callers, ['zap_huge_pmd']);
  for (const o of find(result, 'mm/huge_memory.c', 'zap_huge_pmd').occurrences) {
    assert.ok(o.map.lines.some((l) => /unshare_huge_pmd/.test(text.slice(l.doc.start, l.doc.end))), 'each quote of zap_huge_pmd maps its new unshare call');
  }
  assertExactMaps(text, result);
});
