// `mmreview functions`: the JSON contract of issue 3, the text listing,
// kernel tree mode, and usage errors.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { runCli } from '../../server/src/cli/run-cli.js';
import { fakeIo } from './fake-io.js';

const FIXTURES = path.resolve(process.cwd(), 'test', 'fixtures');
const fixture = (name: string) => readFileSync(path.join(FIXTURES, 'frontend', name), 'utf8');

test('functions --json lists functions with 1-based occurrences and callers', async () => {
  const io = fakeIo({ 'p.patch': fixture('partial-hunks.patch') });
  assert.equal(await runCli(['functions', 'p.patch', '--json'], io), 0);
  const json = JSON.parse(io.out);
  const unshare = json.functions.find((f: { name: string }) => f.name === 'frob_unshare_range');
  assert.deepEqual(
    { name: unshare.name, file: unshare.file, kind: unshare.kind, complete: unshare.complete, callers: unshare.callers },
    { name: 'frob_unshare_range', file: 'mm/frob.c', kind: 'modified', complete: false, callers: ['frob_zap_range'] },
  );
  assert.deepEqual(unshare.occurrences, [{ startLine: 59, endLine: 71, quoteDepth: 0, message: 1 }]);
  assert.deepEqual(json.functions.map((f: { kind: string }) => f.kind), ['declared', 'added', 'added', 'modified', 'modified']);
});

test('functions --kernel-tree completes the partial functions', async () => {
  const io = fakeIo({ 'r.txt': fixture('tree-mode-reply.txt') });
  io.cwd = FIXTURES;
  assert.equal(await runCli(['functions', 'r.txt', '--kernel-tree', 'kernel-tree', '--json'], io), 0);
  const [fn] = JSON.parse(io.out).functions;
  assert.equal(fn.complete, true);
  assert.equal(fn.source, 'kernel-tree');
  assert.deepEqual(fn.callers, ['frob_zap_range', 'frob_teardown']);
  assert.deepEqual(fn.occurrences.map((o: { quoteDepth: number }) => o.quoteDepth), [2, 1]);
});

test('functions prints a text listing and notes, and rejects bad usage', async () => {
  const io = fakeIo({ 'r.txt': fixture('tree-mode-reply.txt') });
  assert.equal(await runCli(['functions', 'r.txt'], io), 0);
  assert.match(io.out, /^mm\/frob\.c: frob_unshare_range: modified, partial\n  visible: header taken from the @@ context/);
  assert.match(io.out, /quoted at lines 30-38 \(message 1, quote depth 1\)/);
  assert.match(io.err, /note: no kernel tree/);
  const missing = fakeIo({});
  assert.equal(await runCli(['functions', 'nope.patch'], missing), 2);
  const badTree = fakeIo({ 'r.txt': 'x' });
  assert.equal(await runCli(['functions', 'r.txt', '--kernel-tree', '/nonexistent/tree'], badTree), 2);
  assert.match(badTree.err, /cannot read the kernel tree/);
  assert.equal(await runCli(['functions'], fakeIo({})), 2);
});
