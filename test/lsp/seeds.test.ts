// Issue 6's acceptance: each seed opened in the stdio server gives the same
// findings as the CLI's analysis of the same text, and no error notice.
import { before, test } from 'node:test';
import assert from 'node:assert/strict';
import { analyze } from '../../server/src/analysis/analyze.js';
import { LineIndex } from '../../server/src/analysis/line-index.js';
import { ready_ } from '../checks/golden-format.js';
import { seedText } from '../seeds/seed-helpers.js';
import { docUri } from './fixtures.js';
import { LspTestClient } from './lsp-client.js';

before(() => ready_());

for (const seed of ['000', '001', '002', '003', '004']) {
  test(`seed ${seed}: the stdio server publishes what the CLI finds`, async (t) => {
    const text = seedText(seed);
    if (!text) return t.skip('../shared/seeds is not present');
    const lines = new LineIndex(text);
    const expected = analyze(text).findings.map((f) => `${f.ruleId}@${JSON.stringify(lines.positionAt(f.span.start))} ${f.message}`).sort();
    const client = await LspTestClient.start();
    try {
      const uri = docUri(`seed-${seed}.mbox`);
      await client.open(uri, text);
      const published = await client.waitForDiagnostics(uri, 1);
      assert.ok(published.diagnostics.every((d) => !String(d.code).startsWith('mmreview/')), 'no error notice');
      const got = published.diagnostics.map((d) => `${d.code}@${JSON.stringify(d.range.start)} ${d.message}`).sort();
      assert.deepEqual(got, expected);
    } finally {
      await client.stop();
    }
  });
}
