// Diagnostics reach the client: pushed to a client that does not pull,
// pulled (and never also pushed) by one that does. Shapes are asserted on
// whatever the analysis finds, so the same tests hold as the checks land.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import type { Diagnostic, DocumentDiagnosticReport, FullDocumentDiagnosticReport } from 'vscode-languageserver-protocol';
import { RULE_DOCS_BASE_URL } from '../../server/src/lsp/convert.js';
import { docUri, fixture } from './fixtures.js';
import { LspTestClient } from './lsp-client.js';

function assertMmreviewShape(d: Diagnostic): void {
  assert.equal(d.source, 'mmreview');
  assert.equal(typeof d.code, 'string');
  assert.ok(d.severity && d.severity >= 1 && d.severity <= 4);
  if (String(d.code).startsWith('mm/')) {
    assert.equal(d.codeDescription?.href, `${RULE_DOCS_BASE_URL}/${String(d.code).slice(3)}.md`);
    assert.ok(Array.isArray(d.relatedInformation));
    assert.ok(Array.isArray((d.data as { fixes: unknown[] }).fixes));
  }
}

test('publishDiagnostics arrives for an opened document, and is cleared on close', async () => {
  const client = await LspTestClient.start();
  try {
    const uri = docUri('one-hunk.patch');
    await client.open(uri, fixture('one-hunk.patch'));
    const published = await client.waitForDiagnostics(uri, 1);
    published.diagnostics.forEach(assertMmreviewShape);
    assert.ok(published.diagnostics.every((d) => d.code !== 'mmreview/analysis-failed'), 'the analysis runs');
    const before = client.diagnostics.length;
    await client.close(uri);
    const cleared = await client.waitForDiagnostics(uri, undefined, before);
    assert.deepEqual(cleared.diagnostics, []);
  } finally {
    await client.stop();
  }
});

test('status notifications go analysing -> done for a client that asked for them', async () => {
  const client = await LspTestClient.start();
  try {
    const uri = docUri();
    await client.open(uri, fixture('one-hunk.patch'));
    const statuses = () => client.notifications.filter((n) => n.method === 'mmreview/status')
      .map((n) => n.params as { uri: string; state: string; findings: number; incomplete: boolean; version: number })
      .filter((s) => s.uri === uri);
    const done = await client.waitFor('done status', () => statuses().find((s) => s.state === 'done'));
    assert.equal(statuses()[0].state, 'analysing');
    assert.equal(done.version, 1);
    assert.equal(typeof done.findings, 'number');
    assert.equal(typeof done.incomplete, 'boolean');
  } finally {
    await client.stop();
  }
});

test('pull diagnostics: a full report, then unchanged for the same result id, and nothing pushed', async () => {
  const client = await LspTestClient.start({ pull: true });
  try {
    const uri = docUri();
    await client.open(uri, fixture('one-hunk.patch'));
    const report = await client.request<DocumentDiagnosticReport>('textDocument/diagnostic', { textDocument: { uri } });
    assert.equal(report.kind, 'full');
    const full = report as FullDocumentDiagnosticReport;
    assert.ok(Array.isArray(full.items));
    full.items.forEach(assertMmreviewShape);
    assert.equal(typeof full.resultId, 'string');
    const again = await client.request<DocumentDiagnosticReport>('textDocument/diagnostic',
      { textDocument: { uri }, previousResultId: full.resultId });
    assert.deepEqual(again, { kind: 'unchanged', resultId: full.resultId });
    assert.deepEqual(client.diagnostics, [], 'a pulling client is never also pushed to');
  } finally {
    await client.stop();
  }
});

test('a pull after an edit waits for the new version instead of answering the old one', async () => {
  const client = await LspTestClient.start({ pull: true, settings: { debounceMs: 50 } });
  try {
    const uri = docUri();
    await client.open(uri, 'plain text\n');
    const first = await client.request<FullDocumentDiagnosticReport>('textDocument/diagnostic', { textDocument: { uri } });
    assert.deepEqual(first.items, []);
    await client.change(uri, 2, [{ range: { start: { line: 0, character: 5 }, end: { line: 0, character: 5 } }, text: '\u0000' }]);
    const second = await client.request<FullDocumentDiagnosticReport>('textDocument/diagnostic',
      { textDocument: { uri }, previousResultId: first.resultId });
    assert.equal(second.kind, 'full');
    assert.deepEqual(second.items.map((d) => d.code), ['mmreview/binary']);
  } finally {
    await client.stop();
  }
});
