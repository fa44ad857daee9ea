// The one core -> LSP conversion module, on synthetic core values (the
// analysis does not produce findings yet; these pin the mapping for when it does).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { LineIndex } from '../../server/src/analysis/line-index.js';
import type { Finding } from '../../server/src/analysis/types.js';
import {
  RULE_DOCS_BASE_URL, ruleDocUrl, toCodeActions, toCodeLens, toDiagnostic, toDocumentSymbol, toHover, toSymbolInformation,
} from '../../server/src/lsp/convert.js';

const text = 'From: a\n> +\tpud_clear(pud);\n> +\tspin_unlock(ptl);\n\u{1F600}x pud_clear\n';
const lines = new LineIndex(text);
const uri = 'file:///r.eml';
const span = (needle: string, from = 0) => {
  const start = text.indexOf(needle, from);
  return { start, end: start + needle.length };
};

const finding: Finding = {
  ruleId: 'mm/pgtable-write-unlocked',
  severity: 'warning',
  span: span('pud_clear(pud);'),
  message: 'pud_clear() without the lock',
  related: [{ span: span('spin_unlock(ptl);'), message: 'the lock is released here' }],
  fixes: [
    { title: 'Take the lock first', edits: [{ span: span('pud_clear(pud);'), newText: 'spin_lock(ptl);\n\tpud_clear(pud);' }] },
    { title: 'Alternative', edits: [] },
  ],
  incomplete: 'path budget',
};

test('a finding becomes a diagnostic with code, doc link, related information and fix data', () => {
  const d = toDiagnostic(finding, lines, uri, 7);
  assert.deepEqual(d.range, { start: { line: 1, character: 4 }, end: { line: 1, character: 19 } });
  assert.equal(d.severity, 2);
  assert.equal(d.code, 'mm/pgtable-write-unlocked');
  assert.equal(d.codeDescription?.href, `${RULE_DOCS_BASE_URL}/pgtable-write-unlocked.md`);
  assert.equal(d.source, 'mmreview');
  assert.deepEqual(d.relatedInformation, [{
    location: { uri, range: { start: { line: 2, character: 4 }, end: { line: 2, character: 21 } } },
    message: 'the lock is released here',
  }]);
  assert.deepEqual(d.data, {
    version: 7,
    incomplete: 'path budget',
    fixes: [
      { title: 'Take the lock first', edits: [{ range: d.range, newText: 'spin_lock(ptl);\n\tpud_clear(pud);' }] },
      { title: 'Alternative', edits: [] },
    ],
  });
  for (const [sev, want] of [['error', 1], ['info', 3], ['hint', 4]] as const) {
    assert.equal(toDiagnostic({ ...finding, severity: sev }, lines, uri, 1).severity, want);
  }
});

test('positions are UTF-16 columns, as LSP wants', () => {
  const d = toDiagnostic({ ...finding, span: span('pud_clear', text.indexOf('\u{1F600}')) }, lines, uri, 1);
  assert.deepEqual(d.range.start, { line: 3, character: 4 });
});

test('rule doc links escape each path segment', () => {
  assert.equal(ruleDocUrl('mm/a b'), `${RULE_DOCS_BASE_URL}/a%20b.md`);
});

test('code actions come from the data, the first preferred, and only for the current version', () => {
  const d = toDiagnostic(finding, lines, uri, 7);
  const actions = toCodeActions(d, uri, 7);
  assert.deepEqual(actions.map((a) => [a.title, a.kind, a.isPreferred]), [
    ['Take the lock first', 'quickfix', true], ['Alternative', 'quickfix', false],
  ]);
  assert.deepEqual(actions[0].edit, { changes: { [uri]: [{ range: d.range, newText: 'spin_lock(ptl);\n\tpud_clear(pud);' }] } });
  assert.deepEqual(actions[0].diagnostics, [d]);
  assert.deepEqual(toCodeActions(d, uri, 8), [], 'stale fixes are not offered');
  assert.deepEqual(toCodeActions({ ...d, data: 'junk' }, uri, 7), []);
});

test('hover, code lens and outline conversions', () => {
  assert.deepEqual(toHover({ span: span('pud_clear'), contents: '**x**' }, lines), {
    contents: { kind: 'markdown', value: '**x**' },
    range: { start: { line: 1, character: 4 }, end: { line: 1, character: 13 } },
  });
  const lens = toCodeLens({ span: span('pud_clear'), title: 'Simulate', functionId: 'f#1' }, lines, uri);
  assert.deepEqual(lens.command, { title: 'Simulate', command: 'mmreview.showSimulation', arguments: [uri, 'f#1'] });

  const symbol = toDocumentSymbol({
    name: 'msg', kind: 'message', span: { start: 0, end: text.length }, selectionSpan: span('From: a'),
    children: [{ name: '  ', kind: 'hunk', span: span('pud_clear(pud);'), selectionSpan: span('spin_unlock'), children: [] }],
  }, lines);
  assert.equal(symbol.kind, 2);
  const child = symbol.children![0];
  assert.equal(child.name, '(hunk)', 'empty names get a placeholder');
  assert.deepEqual(child.selectionRange, { start: child.range.start, end: child.range.start }, 'selection clamped into range');
  assert.deepEqual(toSymbolInformation([symbol], uri).map((s) => [s.name, s.containerName]), [['msg', undefined], ['(hunk)', 'msg']]);
});
