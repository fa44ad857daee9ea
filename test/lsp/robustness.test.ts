// The server never dies: a failing handler answers empty and logs, unfit
// documents get one informational diagnostic, and it keeps serving after.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { docUri, fixture } from './fixtures.js';
import { LspTestClient } from './lsp-client.js';

const INFORMATION = 3;

test('a request with malformed params answers empty, logs the error, and the server lives on', async () => {
  const client = await LspTestClient.start();
  try {
    const uri = docUri();
    await client.open(uri, fixture('one-hunk.patch'));
    await client.waitForDiagnostics(uri, 1);
    assert.equal(await client.request('textDocument/hover', { textDocument: { uri }, position: null }), null);
    assert.deepEqual(await client.request('textDocument/codeAction', { textDocument: { uri } }), []);
    assert.equal(await client.request('mmreview/simulation', null), null);
    await client.waitForLog(/hover failed/);
    await client.waitForLog(/codeAction failed/);
    assert.ok(client.alive);
    const symbols = await client.request('textDocument/documentSymbol', { textDocument: { uri } });
    assert.ok(Array.isArray(symbols), 'still serving');
  } finally {
    assert.equal(await client.stop(), 0);
  }
});

test('injected faults in handlers and in the analysis are survived', async () => {
  const client = await LspTestClient.start({ env: { MMREVIEW_TEST_FAULTS: 'hover,codeLens,analysis' } });
  try {
    const uri = docUri();
    await client.open(uri, fixture('one-hunk.patch'));
    const published = await client.waitForDiagnostics(uri, 1);
    assert.deepEqual(published.diagnostics.map((d) => [d.code, d.severity]), [['mmreview/analysis-failed', INFORMATION]]);
    await client.waitForLog(/injected fault in analysis/);
    assert.equal(await client.request('textDocument/hover', { textDocument: { uri }, position: { line: 0, character: 0 } }), null);
    assert.deepEqual(await client.request('textDocument/codeLens', { textDocument: { uri } }), []);
    await client.waitForLog(/hover failed: Error: injected fault in hover/);
    assert.ok(client.alive);
  } finally {
    assert.equal(await client.stop(), 0);
  }
});

test('a 6 MB document gets the too-large diagnostic and no analysis', async () => {
  const client = await LspTestClient.start();
  try {
    const uri = docUri('huge.mbox');
    const line = '+\tpud_clear(pud); /* a line of a very long series */\n';
    const text = line.repeat(Math.ceil((6 * 1024 * 1024) / line.length));
    await client.open(uri, text);
    const published = await client.waitForDiagnostics(uri, 1);
    assert.equal(published.diagnostics.length, 1);
    const [d] = published.diagnostics;
    assert.equal(d.code, 'mmreview/too-large');
    assert.equal(d.severity, INFORMATION);
    assert.match(d.message, /6\.0 MB.*5\.0 MB.*mmreview\.maxDocumentSize/);
    assert.deepEqual(await client.request('textDocument/documentSymbol', { textDocument: { uri } }), []);
  } finally {
    await client.stop();
  }
});

test('the size limit follows the mmreview.maxDocumentSize setting', async () => {
  const client = await LspTestClient.start({ settings: { maxDocumentSize: 1024 } });
  try {
    const uri = docUri();
    await client.open(uri, 'x'.repeat(2000));
    const published = await client.waitForDiagnostics(uri, 1);
    assert.deepEqual(published.diagnostics.map((d) => d.code), ['mmreview/too-large']);
  } finally {
    await client.stop();
  }
});

test('binary content and invalid text do not crash the server', async () => {
  const client = await LspTestClient.start();
  try {
    const binary = docUri('blob.patch');
    const bytes = Array.from({ length: 4096 }, (_, i) => String.fromCharCode((i * 7919) % 256)).join('');
    await client.open(binary, `diff --git a/x b/x\n${bytes}`);
    const published = await client.waitForDiagnostics(binary, 1);
    assert.deepEqual(published.diagnostics.map((d) => [d.code, d.severity]), [['mmreview/binary', INFORMATION]]);

    // Lone surrogates, replacement characters and deep quoting are text: analysed, not fatal.
    const odd = docUri('odd.eml');
    await client.open(odd, `Subject: \ud800\ufffd\n${'> '.repeat(5000)}@@ -1 +1 @@\n-\udfff\n+\ufffe\n`);
    const oddDiagnostics = await client.waitForDiagnostics(odd, 1);
    assert.ok(oddDiagnostics.diagnostics.every((d) => d.code !== 'mmreview/analysis-failed'));
    assert.ok(client.alive);
  } finally {
    assert.equal(await client.stop(), 0);
  }
});
