// Incremental text sync applies edits at their exact ranges, and a burst of
// edits is analysed once, for the newest version only (debounce + cancel).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { docUri } from './fixtures.js';
import { LspTestClient } from './lsp-client.js';

const at = (line: number, character: number) => ({ line, character });

test('incremental edits land where they say: a NUL inserted then removed toggles the binary notice', async () => {
  const client = await LspTestClient.start({ settings: { debounceMs: 20 } });
  try {
    const uri = docUri();
    await client.open(uri, 'line one\nline two\nline three\n');
    assert.deepEqual((await client.waitForDiagnostics(uri, 1)).diagnostics, []);

    await client.change(uri, 2, [{ range: { start: at(1, 5), end: at(1, 8) }, text: '\u0000\u0000' }]);
    const binary = await client.waitForDiagnostics(uri, 2);
    assert.deepEqual(binary.diagnostics.map((d) => d.code), ['mmreview/binary']);

    // Replace exactly the two NULs (now at 1:5-1:7); any off-by-one would leave one behind.
    await client.change(uri, 3, [{ range: { start: at(1, 5), end: at(1, 7) }, text: 'two' }]);
    assert.deepEqual((await client.waitForDiagnostics(uri, 3)).diagnostics, []);

    // Several changes in one notification apply in order.
    await client.change(uri, 4, [
      { range: { start: at(0, 0), end: at(0, 0) }, text: 'X\n' },
      { range: { start: at(3, 0), end: at(3, 4) }, text: '\u0000' },
    ]);
    assert.deepEqual((await client.waitForDiagnostics(uri, 4)).diagnostics.map((d) => d.code), ['mmreview/binary']);
  } finally {
    await client.stop();
  }
});

test('a burst of edits is debounced: only the newest version is published', async () => {
  const client = await LspTestClient.start({ settings: { debounceMs: 300 } });
  try {
    const uri = docUri();
    await client.open(uri, 'a\n');
    await client.waitForDiagnostics(uri, 1);
    const from = client.diagnostics.length;
    for (let v = 2; v <= 6; v++) {
      await client.change(uri, v, [{ range: { start: at(0, 0), end: at(0, 0) }, text: `${v}` }]);
    }
    const final = await client.waitForDiagnostics(uri, 6, from);
    assert.equal(final.version, 6);
    assert.deepEqual(client.diagnostics.slice(from).filter((d) => d.uri === uri).map((d) => d.version), [6]);
  } finally {
    await client.stop();
  }
});
