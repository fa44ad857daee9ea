// extractFunctions on patches written for these tests: partial hunks, a new
// function with its #else stub, a prototype without a body, a hunk that
// starts inside a body, callers, and the never-throw contract.
import { before, test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { ingest } from '../../server/src/analysis/ingest/index.js';
import { extractFunctions } from '../../server/src/analysis/frontend/index.js';
import type { FrontendResult } from '../../server/src/analysis/frontend/types.js';
import type { PatchSet } from '../../server/src/analysis/ingest/types.js';
import { setupFrontend } from './frontend-setup.js';
import { generateKernelC, generatePatchMbox } from './kernel-c-generator.js';

const fixtures = path.join(process.cwd(), 'test', 'fixtures', 'frontend');

before(setupFrontend);

function run(name: string): { text: string; result: FrontendResult } {
  const text = readFileSync(path.join(fixtures, name), 'utf8');
  return { text, result: extractFunctions(ingest(text), text) };
}

function byId(result: FrontendResult) {
  return new Map(result.functions.map((f) => [f.id, f]));
}

test('partial hunks: added variants, declared prototype, partial modifications with callers', () => {
  const { text, result } = run('partial-hunks.patch');
  const fns = byId(result);
  assert.deepEqual([...fns.keys()], [
    'include/linux/frob.h:frob_detach_all',
    'mm/frob.c:frob_detach#CONFIG_FROB_SHARE',
    'mm/frob.c:frob_detach#!CONFIG_FROB_SHARE',
    'mm/frob.c:frob_unshare_range',
    'mm/frob.c:frob_zap_range',
  ]);
  const declared = fns.get('include/linux/frob.h:frob_detach_all');
  assert.equal(declared?.kind, 'declared');
  assert.equal(declared?.ast, undefined);
  const detach = fns.get('mm/frob.c:frob_detach#CONFIG_FROB_SHARE');
  assert.equal(detach?.kind, 'added');
  assert.equal(detach?.complete, true);
  assert.deepEqual(detach?.callers, ['frob_unshare_range']);
  assert.deepEqual(detach?.ast?.body?.body.map((s) => s.kind), ['decl', 'expr', 'if', 'foreach', 'label', 'expr', 'return']);
  const unshare = fns.get('mm/frob.c:frob_unshare_range');
  assert.equal(unshare?.kind, 'modified');
  assert.equal(unshare?.complete, false);
  assert.equal(unshare?.ast?.startsInside, true);
  assert.match(unshare?.completeness ?? '', /header taken from the @@ context/);
  assert.deepEqual(unshare?.callers, ['frob_zap_range']);
  assert.ok(unshare?.preText?.includes('frob_clear_slot(ctx, base);'));
  // The synthetic header and gap map to nothing; every quoted line maps exactly.
  const occ = unshare?.occurrences[0];
  assert.ok(occ && occ.map.lines.every((l) => l.exact && text.slice(l.doc.start, l.doc.end) === unshare?.postText.slice(l.textStart, l.textStart + l.textLength)));
  assert.ok(!occ?.map.lines.some((l) => unshare?.postText.slice(l.textStart, l.textStart + l.textLength).includes('mmreview-gap')));
  assert.ok(result.notes.some((n) => /frob_unshare_range is partial/.test(n)));
});

test('a function quoted twice with different whitespace is one function with two occurrences', () => {
  const { result } = run('tree-mode-reply.txt');
  assert.equal(result.functions.length, 1);
  const [fn] = result.functions;
  assert.deepEqual(fn.occurrences.map((o) => o.quoteDepth).sort(), [1, 2]);
  const mangled = fn.occurrences.find((o) => o.quoteDepth === 2);
  assert.ok(mangled && mangled.map.lines.length >= 6 && mangled.map.lines.every((l) => !l.exact));
});

test('a quote cut mid-call keeps the visible arguments and marks the call truncated', () => {
  const text = [
    'diff --git a/mm/frob.c b/mm/frob.c',
    '--- a/mm/frob.c',
    '+++ b/mm/frob.c',
    '@@ -50,6 +50,7 @@ static long frob_walk(struct frob_ctx *ctx, unsigned long start,',
    ' 		if (!tbl)',
    ' 			continue;',
    ' 	}',
    '+	nr = frob_record_range(frob_first(ctx, start),',
  ].join('\n');
  const result = extractFunctions(ingest(text), text);
  const walk = result.functions.find((f) => f.name === 'frob_walk');
  assert.ok(walk?.ast, JSON.stringify(result));
  assert.match(walk.postText, /static long frob_walk\(struct frob_ctx \*ctx, unsigned long start, \.\.\.\)/);
  const json = JSON.stringify(walk.ast);
  assert.match(json, /"callee":"frob_record_range"/);
  assert.match(json, /"truncated":true/);
  assert.equal(walk.errorNodes, 0);
});

test('extractFunctions never throws and notes what it could not read', () => {
  const inputs = ['', 'not a patch at all', generateKernelC(300).split('\n').map((l) => '+' + l).join('\n')];
  for (const text of inputs) {
    const result = extractFunctions(ingest(text), text);
    assert.ok(Array.isArray(result.functions));
  }
  const broken = { messages: [{ subject: 'x', startLine: 0, span: { start: 0, end: 0 }, encoding: 'plain', patches: [{ quoteDepth: 0, span: { start: 0, end: 0 }, files: [{ path: 'mm/x.c', oldPath: 'mm/x.c', newPath: 'mm/x.c', inferred: false, quoteDepth: 0, hunks: [null] }] }] }], notes: [] } as unknown as PatchSet;
  const result = extractFunctions(broken, '');
  assert.deepEqual(result.functions, []);
  assert.ok(result.notes.some((n) => /mm\/x\.c: could not read/.test(n)));
});

test('a 100-patch mbox is read without throwing', () => {
  const text = generatePatchMbox(100);
  const patchSet = ingest(text);
  const started = performance.now();
  const result = extractFunctions(patchSet, text);
  const ms = performance.now() - started;
  console.log(`# 100-patch mbox (${text.split('\n').length} lines): ${result.functions.length} functions in ${ms.toFixed(0)} ms`);
  assert.equal(patchSet.messages.length, 100);
  assert.ok(result.functions.filter((f) => f.name.startsWith('frob_old_')).length === 100);
  assert.ok(result.functions.every((f) => f.errorNodes === 0), result.functions.filter((f) => f.errorNodes).map((f) => f.id).join(' '));
});
