// ingest must never throw and must stay linear: random bytes, garbage,
// pathological nesting and big series all come back as a PatchSet.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { ingest } from '../../server/src/analysis/ingest/index.js';
import { allLines, FIXTURES, fixtureInputs, spanErrors } from './helpers.js';

/** A small deterministic PRNG so a failing input can be reproduced from its seed. */
function prng(seed: number): () => number {
  let s = seed >>> 0;
  return () => {
    s = (s * 1664525 + 1013904223) >>> 0;
    return s / 0x100000000;
  };
}

const PIECES = [
  '> ', '>>', '> > ', '+', '-', ' ', '\\', '@@ -1,3 +1,4 @@ f(', '@@ -', 'diff --git a/x b/x', '--- a/x', '+++ b/x', '-- ',
  '[..]', '[trim]', 'From x@y Mon Jan  1 00:00:00 2024', 'Subject: =?UTF-8?B?', 'Content-Type: multipart/mixed; boundary=b',
  '--b', 'Content-Transfer-Encoding: base64', '=3D', '=\n', '\t', '\n', '\r\n', '\r', '{', '}', ';', '\u0000', '\uFFFD', '\uD800',
  'Re: x\n\n2024-01-01 Thread A\n', 'commit abcdef1\nAuthor: A\n', 'static int f(void)\n',
];

function assertSane(text: string): void {
  const set = ingest(text);
  assert.ok(Array.isArray(set.messages) && Array.isArray(set.notes));
  assert.deepEqual(spanErrors(text, set), []);
}

test('random garbage and shuffled diff syntax never throw and keep spans exact', () => {
  for (let seed = 1; seed <= 300; seed++) {
    const rnd = prng(seed);
    let text = '';
    const n = Math.floor(rnd() * 200);
    for (let i = 0; i < n; i++) {
      text += rnd() < 0.7 ? PIECES[Math.floor(rnd() * PIECES.length)] : String.fromCharCode(Math.floor(rnd() * 0x3000));
    }
    assert.doesNotThrow(() => assertSane(text), `seed ${seed}`);
  }
});

test('mutated fixtures never throw', () => {
  const rnd = prng(42);
  for (const file of fixtureInputs()) {
    const text = readFileSync(file, 'utf8');
    for (let k = 0; k < 20; k++) {
      const cut = Math.floor(rnd() * text.length);
      const len = Math.floor(rnd() * 40);
      const mutated = text.slice(0, cut) + PIECES[k % PIECES.length] + text.slice(cut + len);
      assert.doesNotThrow(() => assertSane(mutated), `${path.basename(file)} mutation ${k}`);
    }
  }
});

test('binary bytes, empty input and non-strings yield a PatchSet', () => {
  const bytes = Array.from({ length: 5000 }, (_, i) => String.fromCharCode((i * 7919) % 256)).join('');
  assert.ok(ingest(bytes).notes.some((n) => /NUL/.test(n)));
  assert.deepEqual(ingest('').messages.flatMap((m) => m.patches), []);
  assert.doesNotThrow(() => ingest(undefined as unknown as string));
});

test('10,000 levels of quoting are handled', () => {
  const deep = '>'.repeat(10000);
  const text = [`${deep} diff --git a/mm/x.c b/mm/x.c`, `${deep} @@ -1,1 +1,2 @@ f(void)`, `${deep}  a;`, `${deep} +b;`].join('\n');
  const set = ingest(text);
  const patch = set.messages[0].patches[0];
  assert.equal(patch.quoteDepth, 10000);
  assert.equal(allLines(set).length, 2);
  assertSane('>'.repeat(200000));
});

test('a long single line and a huge fragment stay linear', () => {
  assertSane('+'.repeat(1_000_000));
  const set = ingest('> > +\tx = y;\n'.repeat(50000));
  assert.equal(allLines(set).length, 50000);
});

test('a 40-patch mbox ingests every message', (t) => {
  const one = readFileSync(path.join(FIXTURES, 'series.mbox'), 'utf8');
  const text = one.repeat(14);
  ingest(text);
  const t0 = performance.now();
  const set = ingest(text);
  const ms = performance.now() - t0;
  t.diagnostic(`${text.split('\n').length} lines, ${set.messages.length} messages in ${ms.toFixed(2)} ms`);
  assert.equal(set.messages.length, 42);
  assert.equal(set.messages.flatMap((m) => m.patches).length, 28);
});
