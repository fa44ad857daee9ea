// Golden outlines: each input in test/fixtures/ingest has a sibling
// NAME.expected holding its parse outline. Regenerate with
// UPDATE_GOLDEN=1 node scripts/run-tests.mjs test/ingest/golden.test.ts
// and review the diff before committing it.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { ingest } from '../../server/src/analysis/ingest/index.js';
import { formatOutline, outlinePatchSet } from '../../server/src/analysis/ingest/outline.js';
import { fixtureInputs, spanErrors } from './helpers.js';

const update = process.env.UPDATE_GOLDEN === '1';

for (const input of fixtureInputs()) {
  const name = path.basename(input);
  test(`golden outline: ${name}`, () => {
    const text = readFileSync(input, 'utf8');
    const set = ingest(text);
    const actual = formatOutline(outlinePatchSet(set, text));
    const expectedPath = input.replace(/\.[^.]+$/, '.expected');
    if (update || !existsSync(expectedPath)) {
      writeFileSync(expectedPath, actual);
      if (!update) assert.fail(`${path.basename(expectedPath)} did not exist; written now, review it`);
      return;
    }
    assert.equal(actual, readFileSync(expectedPath, 'utf8'));
    assert.deepEqual(spanErrors(text, set), []);
  });
}
