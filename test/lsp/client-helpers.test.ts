// The client's pure parts: the status bar wording and the simulation URIs.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { statusView } from '../../client/src/status-text.js';
import { parseSimulationQuery, simulationPath, simulationQuery } from '../../client/src/simulation-uri.js';

const base = { uri: 'file:///a.patch', version: 1, findings: 0, incomplete: false };

test('status bar wording for each state', () => {
  assert.match(statusView(undefined).text, /mmreview$/);
  assert.match(statusView({ ...base, state: 'analysing' }).text, /analysing…/);
  assert.match(statusView({ ...base, state: 'done' }).text, /no findings$/);
  assert.match(statusView({ ...base, state: 'done', findings: 1 }).text, /1 finding$/);
  assert.match(statusView({ ...base, state: 'done', findings: 3, incomplete: true }).text, /3 findings \(incomplete\)$/);
  const skipped = statusView({ ...base, state: 'skipped', message: 'too large' });
  assert.match(skipped.text, /skipped/);
  assert.equal(skipped.tooltip, 'too large');
  assert.match(statusView({ ...base, state: 'failed' }).text, /failed/);
});

test('simulation URIs round-trip any document URI and function id', () => {
  const target = { uri: 'file:///home/r/0001-mm&x=1 y.patch', functionId: 'mm/hugetlb.c#unshare_huge_pmd@2' };
  assert.deepEqual(parseSimulationQuery(simulationQuery(target)), target);
  assert.equal(parseSimulationQuery('uri=x'), undefined);
  assert.equal(simulationPath('unshare_huge_pmd'), '/unshare_huge_pmd.simulation.txt');
  assert.equal(simulationPath('a/b c'), '/a_b_c.simulation.txt');
});
