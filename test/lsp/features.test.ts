// Hover, outline, code lens, code actions and the custom requests answer with
// the right shapes. Content is asserted only where ingest alone decides it
// (the outline of messages, files and hunks), and only once outline() fills in.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import type { CodeLens, DocumentSymbol } from 'vscode-languageserver-protocol';
import { docUri, fixture } from './fixtures.js';
import { LspTestClient } from './lsp-client.js';

const at = (line: number, character: number) => ({ line, character });

function flatten(symbols: DocumentSymbol[]): DocumentSymbol[] {
  return symbols.flatMap((s) => [s, ...flatten(s.children ?? [])]);
}

test('hover, symbols, code lenses and code actions answer for a patch', async (t) => {
  const client = await LspTestClient.start();
  try {
    const uri = docUri('one-hunk.patch');
    const text = fixture('one-hunk.patch');
    await client.open(uri, text);
    const line = text.split('\n').findIndex((l) => l.includes('pud_clear'));

    const hover = await client.request<{ contents: { kind: string; value: string } } | null>('textDocument/hover',
      { textDocument: { uri }, position: at(line, 3) });
    if (hover) assert.equal(hover.contents.kind, 'markdown');

    const symbols = await client.request<DocumentSymbol[]>('textDocument/documentSymbol', { textDocument: { uri } });
    assert.ok(Array.isArray(symbols));
    if (symbols.length === 0) t.diagnostic('outline() is still empty: content assertions skipped');
    else {
      // By kind, as convert.ts maps them: message Module(2) > [patch Package(4)] > file File(1) > hunk Namespace(3).
      const all = flatten(symbols);
      for (const s of all) assert.ok(s.name.length > 0 && s.range && s.selectionRange);
      assert.deepEqual(symbols.map((s) => s.kind), [2], 'one message at the top');
      const file = all.find((s) => s.kind === 1 && `${s.name} ${s.detail ?? ''}`.includes('mm/hugetlb.c'));
      assert.ok(file, 'the file mm/hugetlb.c is in the outline');
      assert.equal(file.children?.filter((c) => c.kind === 3).length, 1, 'the file has its one hunk');
    }

    const lenses = await client.request<CodeLens[]>('textDocument/codeLens', { textDocument: { uri } });
    assert.ok(Array.isArray(lenses));
    for (const lens of lenses) {
      assert.equal(lens.command?.command, 'mmreview.showSimulation');
      assert.equal(lens.command?.arguments?.[0], uri);
      assert.equal(typeof lens.command?.arguments?.[1], 'string');
    }

    const actions = await client.request<unknown[]>('textDocument/codeAction', {
      textDocument: { uri }, range: { start: at(line, 0), end: at(line, 0) }, context: { diagnostics: [] },
    });
    assert.deepEqual(actions, []);
  } finally {
    await client.stop();
  }
});

test('the custom requests: functions, simulation, scenarios, reanalyse', async () => {
  const client = await LspTestClient.start();
  try {
    const uri = docUri();
    await client.open(uri, fixture('one-hunk.patch'));
    await client.waitForDiagnostics(uri, 1);
    const functions = await client.request<{ functionId: string; name: string; headline: string }[]>('mmreview/functions', { uri });
    assert.ok(Array.isArray(functions));
    for (const f of functions) {
      const sim = await client.request<string | null>('mmreview/simulation', { uri, functionId: f.functionId });
      assert.equal(typeof sim, 'string', `simulation of ${f.name}`);
    }
    assert.equal(await client.request('mmreview/simulation', { uri, functionId: 'no-such-function' }), null);
    assert.equal(await client.request('mmreview/simulation', { uri: docUri('closed'), functionId: 'x' }), null);
    const scenarios = await client.request<string[]>('mmreview/scenarios', {});
    assert.equal(scenarios[0], 'auto');

    const from = client.diagnostics.length;
    assert.equal(await client.request('mmreview/reanalyse', {}), null);
    await client.waitForDiagnostics(uri, 1, from);
  } finally {
    await client.stop();
  }
});

test('a settings change is pulled again and applied to open documents', async () => {
  const client = await LspTestClient.start();
  try {
    const uri = docUri();
    await client.open(uri, 'y'.repeat(4000));
    assert.deepEqual((await client.waitForDiagnostics(uri, 1)).diagnostics, []);
    client.settings = { maxDocumentSize: 2048, debounceMs: 'soon' };
    const from = client.diagnostics.length;
    await client.connection.sendNotification('workspace/didChangeConfiguration', { settings: null });
    const after = await client.waitForDiagnostics(uri, 1, from);
    assert.deepEqual(after.diagnostics.map((d) => d.code), ['mmreview/too-large']);
    await client.waitForLog(/invalid setting: mmreview\.debounceMs: expected an integer/);
  } finally {
    await client.stop();
  }
});
