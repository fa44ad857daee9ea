// .mmreview.json: validated with messages that name the file and the key,
// found in the working directory or a parent, and overridden by --rule.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { ConfigError, parseProjectConfig } from '../../server/src/cli/project-config.js';

const bin = path.join(process.cwd(), 'bin', 'mmreview.js');
const example = path.join(process.cwd(), 'test', 'fixtures', 'simulate', 'subpages-plain-increment.patch');

test('a valid config gives rules, scenario and a kernel tree relative to the file', () => {
  const c = parseProjectConfig('{"rules": {"mm/lock-order": "off"}, "scenario": "none", "kernelTree": "linux"}', '/src/proj/.mmreview.json');
  assert.equal(c.rules.get('mm/lock-order'), 'off');
  assert.equal(c.scenario, 'none');
  assert.equal(c.kernelTree, '/src/proj/linux');
});

test('bad configs are rejected with the file and the reason', () => {
  assert.throws(() => parseProjectConfig('{', 'x/.mmreview.json'), (e: unknown) => e instanceof ConfigError && /x\/.mmreview.json: not valid JSON/.test(e.message));
  assert.throws(() => parseProjectConfig('{"rule": {}}', 'f'), /unknown key "rule"/);
  assert.throws(() => parseProjectConfig('{"rules": {"mm/x": "loud"}}', 'f'), /rule mm\/x has level "loud"/);
});

test('check finds .mmreview.json in a parent directory; --rule wins over it; a broken file exits 2', () => {
  const root = mkdtempSync(path.join(tmpdir(), 'mmreview-config-'));
  const sub = path.join(root, 'a', 'b');
  mkdirSync(sub, { recursive: true });
  const run = (...args: string[]) => spawnSync(process.execPath, [bin, 'check', ...args, example], { cwd: sub, encoding: 'utf8' });
  assert.equal(run().status, 1, 'the example has a warning');
  writeFileSync(path.join(root, '.mmreview.json'), '{"rules": {"mm/page-arith-gigantic": "off"}}');
  assert.equal(run().status, 0, 'turned off by the config in a parent');
  assert.equal(run('--rule', 'mm/page-arith-gigantic=error').status, 1, '--rule wins');
  writeFileSync(path.join(root, '.mmreview.json'), '{"rules": 3}');
  const broken = run();
  assert.equal(broken.status, 2);
  assert.match(broken.stderr, /"rules" must be an object/);
});
