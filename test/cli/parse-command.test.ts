// `mmreview parse`: the outline as text and as the JSON contract.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { runCli } from '../../server/src/cli/run-cli.js';
import { fakeIo } from './fake-io.js';

const FIXTURES = path.resolve(process.cwd(), 'test', 'fixtures', 'ingest');
const fixture = (name: string) => readFileSync(path.join(FIXTURES, name), 'utf8');

test('parse --json follows the contract with 1-based lines', async () => {
  const io = fakeIo({ 'a.patch': fixture('git-diff.patch') });
  assert.equal(await runCli(['parse', 'a.patch', '--json'], io), 0);
  const json = JSON.parse(io.out);
  const m = json.messages[0];
  for (const key of ['subject', 'author', 'date', 'startLine', 'patches']) assert.ok(key in m, key);
  const f = m.patches[0].files[0];
  assert.deepEqual(
    { path: f.path, inferred: f.inferred, quoteDepth: f.quoteDepth },
    { path: 'mm/example_share.c', inferred: false, quoteDepth: 0 },
  );
  const h = f.hunks[0];
  assert.deepEqual(
    { header: h.header, function: h.function, startLine: h.startLine, endLine: h.endLine, added: h.added, removed: h.removed },
    { header: '@@ -12,6 +12,7 @@ struct share_ctl {', function: 'struct share_ctl {', startLine: 5, endLine: 12, added: 1, removed: 0 },
  );
  assert.equal(m.startLine, 1);
});

test('parse prints the text tree, reads stdin, and rejects extra arguments', async () => {
  const io = fakeIo({}, fixture('reply-depth1.eml'));
  assert.equal(await runCli(['parse', '-'], io), 0);
  assert.match(io.out, /^message 1 line 1: Re: \[PATCH v2 1\/1\]/);
  assert.match(io.out, /\n    file mm\/hugetlb\.c\n      hunk 21-43 /);
  const bad = fakeIo({});
  assert.equal(await runCli(['parse', 'a', 'b'], bad), 2);
  assert.match(bad.err, /exactly one FILE/);
});

test('parse of a document without a patch prints its message and no patch', async () => {
  const io = fakeIo({ 'n.txt': fixture('no-patch.txt') });
  assert.equal(await runCli(['parse', 'n.txt', '--json'], io), 0);
  assert.deepEqual(JSON.parse(io.out).messages[0].patches, []);
});
