// Kernel tree mode on the fixture tree in test/fixtures/kernel-tree: partial
// hunks become complete functions once applied (even with the whitespace
// mail mangled), callers come from the tree file, definitions are found, and
// what the tree cannot supply is noted.
import { before, test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { ingest } from '../../server/src/analysis/ingest/index.js';
import { extractFunctions, type KernelTree } from '../../server/src/analysis/frontend/index.js';
import type { FrontendResult } from '../../server/src/analysis/frontend/types.js';
import { applyHunks, treeLines } from '../../server/src/analysis/frontend/tree/apply-hunks.js';
import { createFsKernelTree } from '../../server/src/host/fs-kernel-tree.js';
import { setupFrontend } from './frontend-setup.js';

const fixtures = path.join(process.cwd(), 'test', 'fixtures');
const treeRoot = path.join(fixtures, 'kernel-tree');

before(setupFrontend);

function run(name: string, tree?: KernelTree): { text: string; result: FrontendResult } {
  const text = readFileSync(path.join(fixtures, 'frontend', name), 'utf8');
  return { text, result: extractFunctions(ingest(text), text, tree ? { kernelTree: tree } : {}) };
}

test('a partial hunk quoted with mangled whitespace becomes the complete function from the tree', () => {
  const { text, result } = run('tree-mode-reply.txt', createFsKernelTree(treeRoot));
  assert.equal(result.functions.length, 1);
  const [fn] = result.functions;
  assert.equal(fn.name, 'frob_unshare_range');
  assert.equal(fn.source, 'kernel-tree');
  assert.equal(fn.complete, true);
  assert.equal(fn.ast?.startsInside, false);
  assert.match(fn.postText, /^static bool frob_unshare_range\(struct frob_ctx \*ctx, unsigned long addr\)\n\{\n\tstruct frob_table \*tbl;/);
  assert.match(fn.postText, /\tfrob_flush_range\(ctx, base, FROB_TABLE_SIZE\);\n\tlockdep_assert_held\(&ctx->lock\);\n\tfrob_clear_slot/);
  assert.doesNotMatch(fn.preText ?? '', /frob_flush_range/);
  assert.deepEqual(fn.callers, ['frob_zap_range', 'frob_teardown']);
  for (const o of fn.occurrences) {
    assert.ok(o.map.lines.some((l) => /frob_flush_range/.test(text.slice(l.doc.start, l.doc.end))), `quote at depth ${o.quoteDepth} maps the added line`);
    for (const l of o.map.lines.filter((x) => x.exact)) {
      assert.equal(text.slice(l.doc.start, l.doc.end), fn.postText.slice(l.textStart, l.textStart + l.textLength));
    }
  }
  const names = result.definitions.map((d) => `${d.kind} ${d.name}`).sort();
  assert.deepEqual(names, ['function frob_table_put', 'macro FROB_SHARE_MASK', 'macro FROB_TABLE_SIZE', 'struct frob_ctx', 'struct frob_table']);
});

test('without a tree the same reply gives a partial function and says so', () => {
  const { result } = run('tree-mode-reply.txt');
  assert.equal(result.functions[0].complete, false);
  assert.equal(result.functions[0].source, 'patch');
  assert.ok(result.notes.some((n) => /no kernel tree/.test(n)));
});

test('a whole patch applies; files missing from the tree are noted and still analysed', () => {
  const { result } = run('partial-hunks.patch', createFsKernelTree(treeRoot));
  const zap = result.functions.find((f) => f.name === 'frob_zap_range');
  assert.equal(zap?.source, 'kernel-tree');
  assert.equal(zap?.complete, true);
  assert.deepEqual(zap?.callers, ['frob_teardown']);
  assert.match(zap?.postText ?? '', /frob_recorded\(ctx, addr\)\)\n\t\t\tzapped\+\+;/);
  const detach = result.functions.filter((f) => f.name === 'frob_detach');
  assert.deepEqual(detach.map((f) => [f.config, f.complete, f.source]), [['CONFIG_FROB_SHARE', true, 'kernel-tree'], ['!CONFIG_FROB_SHARE', true, 'kernel-tree']]);
  assert.equal(result.functions.find((f) => f.name === 'frob_detach_all')?.kind, 'declared');
  assert.ok(result.notes.some((n) => /include\/linux\/frob\.h: not found in the kernel tree/.test(n)));
});

test('hunks are located ignoring whitespace, near a wrong line number, and failures are reported', () => {
  const tree = treeLines('a();\nb();\n\tc(x,  y);\nd();\ne();\n');
  const text = ['--- a/f.c', '+++ b/f.c', '@@ -40,3 +40,4 @@', ' b();', ' c(x, y);', '+inserted();', ' d();', '@@ -90,2 +91,2 @@', '-nowhere();', '+else();'].join('\n');
  const file = ingest(text).messages[0].patches[0].files[0];
  const applied = applyHunks(tree, file.hunks);
  assert.deepEqual(applied.lines.map((l) => l.text), ['a();', 'b();', '\tc(x,  y);', 'inserted();', 'd();', 'e();', '']);
  assert.equal(applied.applied.length, 1);
  assert.equal(applied.failed.length, 1);
});

test('a path that leaves the tree reads nothing', () => {
  const tree = createFsKernelTree(treeRoot);
  assert.equal(tree.readFile('../frontend/partial-hunks.patch'), undefined);
  assert.equal(tree.readFile('/etc/passwd'), undefined);
});
