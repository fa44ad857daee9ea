// End to end through the real binary: scripts/run-tests.mjs builds the
// bundles once before any test runs, and these tests spawn `node bin/mmreview.js`.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import path from 'node:path';

const root = process.cwd();
const bin = path.join(root, 'bin', 'mmreview.js');
const fixture = (name: string) => path.join(root, 'test', 'fixtures', 'ingest', name);

function mmreview(args: string[], input?: string) {
  return spawnSync(process.execPath, [bin, ...args], { encoding: 'utf8', input, cwd: root });
}

test('bin: parse --json prints the outline', () => {
  const res = mmreview(['parse', fixture('series.mbox'), '--json']);
  assert.equal(res.status, 0, res.stderr);
  const json = JSON.parse(res.stdout);
  assert.equal(json.messages.length, 3);
  assert.equal(json.messages[2].patches[0].files[0].path, 'mm/memory.c');
});

test('bin: check reads stdin and exits 0 when there is nothing to report', () => {
  const res = mmreview(['check', '--format', 'json', '-'], '--- a/x.c\n+++ b/x.c\n@@ -1 +1 @@\n-a\n+b\n');
  assert.equal(res.status, 0, res.stderr);
  assert.deepEqual(JSON.parse(res.stdout).findings, []);
});

test('bin: a directory and an unknown option exit 2 with a message', () => {
  const dir = mmreview(['check', path.join(root, 'test')]);
  assert.equal(dir.status, 2);
  assert.match(dir.stderr, /is a directory/);
  const unknown = mmreview(['check', '--colour', fixture('crlf.patch')]);
  assert.equal(unknown.status, 2);
  assert.match(unknown.stderr, /unknown option --colour/);
});

test('bin: check:seeds passes (or says the seeds are absent)', () => {
  const res = spawnSync(process.execPath, [path.join(root, 'scripts', 'check-seeds.mjs')], { encoding: 'utf8', cwd: root });
  assert.equal(res.status, 0, res.stdout + res.stderr);
  assert.match(res.stdout, /check:seeds: (every seed parsed|.*does not exist)/);
});
