// Data-driven check tests: every fixture under test/fixtures/checks/<rule>/
// is analysed and its findings compared with the sibling .expected file
// (UPDATE_GOLDEN=1 rewrites them; review the diff). Fixtures named
// NAME.bad.EXT and NAME.good.EXT are also a pair that must flip the verdict
// of the folder's rule: the bad one has a finding of that rule at warning
// or above, the good one (the fixed variant) has no finding at warning or
// above of any rule.
import { before, test } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, readdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { analyzeFile, formatFindings, ready_ } from './golden-format.js';

const root = path.join(process.cwd(), 'test', 'fixtures', 'checks');
const INPUT = /\.(patch|mbox|eml|txt|diff)$/;
const atLeastWarning = (s: string) => s === 'warning' || s === 'error';

function fixtures(): { rule: string; file: string }[] {
  if (!existsSync(root)) return [];
  const out: { rule: string; file: string }[] = [];
  for (const dir of readdirSync(root).sort()) {
    const full = path.join(root, dir);
    if (!statSync(full).isDirectory()) continue;
    for (const name of readdirSync(full).sort()) if (INPUT.test(name)) out.push({ rule: `mm/${dir}`, file: path.join(full, name) });
  }
  return out;
}

before(() => ready_());

for (const { rule, file } of fixtures()) {
  const rel = path.relative(process.cwd(), file);
  test(`golden: ${rel}`, () => {
    const { text, findings } = analyzeFile(file);
    const actual = formatFindings(text, findings);
    const expectedFile = file.replace(INPUT, '.expected');
    if (process.env.UPDATE_GOLDEN) writeFileSync(expectedFile, actual);
    assert.ok(existsSync(expectedFile), `${expectedFile} is missing (run with UPDATE_GOLDEN=1)`);
    assert.equal(actual, readFileSync(expectedFile, 'utf8'));
  });
  const pair = /\.(bad|good)\.[a-z]+$/.exec(file);
  if (pair) {
    test(`verdict: ${rel} is ${pair[1]} for ${rule}`, () => {
      const { findings } = analyzeFile(file);
      const serious = findings.filter((f) => atLeastWarning(f.severity));
      if (pair[1] === 'bad') assert.ok(serious.some((f) => f.ruleId === rule), `expected a ${rule} finding at warning or above`);
      else assert.deepEqual(serious.map((f) => `${f.ruleId}: ${f.message}`), [], 'a fixed variant has no finding at warning or above');
    });
  }
}

test('there are fixtures for every rule', async () => {
  const { CHECKS } = await import('../../server/src/analysis/checks/registry.js');
  const rules = new Set(fixtures().map((f) => f.rule));
  const missing = CHECKS.map((c) => c.id).filter((id) => !rules.has(id));
  assert.deepEqual(missing, [], 'rules without fixtures');
});
