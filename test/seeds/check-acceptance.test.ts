// Issue 5's acceptance on the seed threads: exactly these findings, at every
// quoted occurrence, and nothing else at warning or above.
import { before, test } from 'node:test';
import assert from 'node:assert/strict';
import { analyze } from '../../server/src/analysis/analyze.js';
import { LineIndex } from '../../server/src/analysis/line-index.js';
import { ready_ } from '../checks/golden-format.js';
import { seedText } from './seed-helpers.js';

before(() => ready_());

/** `rule@line` for every finding, with the quoted text of the line it sits on. */
function findingsOf(text: string) {
  const index = new LineIndex(text);
  return analyze(text).findings.map((f) => {
    const line = index.positionAt(f.span.start).line;
    return { rule: f.ruleId, severity: f.severity, line: line + 1, quoted: text.slice(index.lineStart(line), index.lineEnd(line)), message: f.message };
  });
}

const EXPECTED: Record<string, { rule: string; severity: string; quoted: RegExp; message?: RegExp }[]> = {
  '000': [
    { rule: 'mm/deref-before-check', severity: 'warning', quoted: /struct hugetlb_shared_vma_data \*data = vma->vm_private_data;/ },
    { rule: 'mm/bug-on-reachable', severity: 'hint', quoted: /BUG_ON\(!data\);/, message: /cannot fire/ },
  ],
  '001': [{ rule: 'mm/page-arith-gigantic', severity: 'warning', quoted: /pages\[nr\] = page\+\+;/, message: /nr = 32768/ }],
  '002': [],
  '003': [],
  '004': [
    { rule: 'mm/pgtable-write-unlocked', severity: 'warning', quoted: /^> > \+\s*pud_clear\(pud\);/, message: /i_mmap_rwsem/ },
    { rule: 'mm/shared-pmd-flush', severity: 'warning', quoted: /^> > \+\s*return 1;/ },
    { rule: 'mm/pgtable-write-unlocked', severity: 'warning', quoted: /^> \+\s*pud_clear\(pud\);/, message: /i_mmap_rwsem/ },
    { rule: 'mm/shared-pmd-flush', severity: 'warning', quoted: /^> \+\s*return 1;/ },
  ],
};

for (const [seed, expected] of Object.entries(EXPECTED)) {
  test(`seed ${seed} gives exactly the reviewer's findings`, (t) => {
    const text = seedText(seed);
    if (!text) return t.skip('../shared/seeds is not present');
    const got = findingsOf(text).filter((f) => f.severity !== 'info' && (f.severity !== 'hint' || expected.some((e) => e.rule === f.rule)));
    assert.equal(got.length, expected.length, got.map((g) => `${g.rule}@${g.line}: ${g.quoted}`).join('\n'));
    expected.forEach((e, i) => {
      assert.equal(got[i].rule, e.rule);
      assert.equal(got[i].severity, e.severity);
      assert.match(got[i].quoted, e.quoted);
      if (e.message) assert.match(got[i].message, e.message);
    });
  });
}
