// `mmreview check`: options, exit codes, input errors and the three formats,
// driven with an injected analyzer so findings exist before any rule does.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { analyze } from '../../server/src/analysis/analyze.js';
import type { AnalysisResult } from '../../server/src/analysis/analyze.js';
import type { Finding } from '../../server/src/analysis/types.js';
import { makeCheckCommand, checkCommand } from '../../server/src/cli/check-command.js';
import { runCli } from '../../server/src/cli/run-cli.js';
import { COMMANDS } from '../../server/src/cli/commands.js';
import { fakeIo } from './fake-io.js';

const DOC = 'line one\n> second line with a quote\n\tthird\u00e9 line\n';

function finding(ruleId: string, severity: Finding['severity'], start: number, end: number, fn?: string): Finding {
  return { ruleId, severity, span: { start, end }, message: `${ruleId} says so`, related: [], fixes: [], ...(fn ? { function: fn } : {}) };
}

/** An analyzer that reports fixed findings on every document, plus one incomplete note. */
function fakeAnalyze(findings: Finding[]): (text: string) => AnalysisResult {
  return (text) => ({ ...analyze(text), findings, incomplete: [{ function: 'f', reason: 'budget hit' }] });
}

const SAMPLE = [
  finding('mm/b-rule', 'warning', DOC.indexOf('third'), DOC.indexOf('third') + 5, 'zap_thing'),
  finding('mm/a-rule', 'hint', 2, 4),
  finding('mm/c-rule', 'error', DOC.indexOf('second'), DOC.indexOf('second') + 6),
];

function withSample(findings = SAMPLE) {
  const cmd = makeCheckCommand({
    analyze: fakeAnalyze(findings),
    rules: ['a', 'b', 'c'].map((x) => ({ id: `mm/${x}-rule`, shortDescription: `${x.toUpperCase()} rule`, helpUri: `https://example.org/${x}`, defaultSeverity: 'error' as const })),
  });
  return [cmd, ...COMMANDS.filter((c) => c.name !== 'check')];
}

test('check on a clean document prints nothing and exits 0', async () => {
  const io = fakeIo({ 'ok.patch': 'diff --git a/x b/x\n' });
  assert.equal(await runCli(['check', 'ok.patch'], io), 0);
  assert.equal(io.out, '');
  assert.ok(COMMANDS.includes(checkCommand));
});

test('gcc-style lines, sorted by file then position, 1-based', async () => {
  const io = fakeIo({ 'b.mbox': DOC, 'a.mbox': DOC });
  const code = await runCli(['check', 'b.mbox', 'a.mbox'], io, withSample());
  assert.equal(code, 1);
  const lines = io.out.trim().split('\n');
  assert.deepEqual(lines.slice(0, 3), [
    'a.mbox:1:3: hint: mm/a-rule says so [mm/a-rule]',
    'a.mbox:2:3: error: mm/c-rule says so [mm/c-rule]',
    'a.mbox:3:2: warning: mm/b-rule says so (in zap_thing) [mm/b-rule]',
  ]);
  assert.equal(lines.length, 6);
  assert.match(io.err, /a\.mbox: incomplete \(f\): budget hit/);
});

test('--fail-on decides the exit code', async () => {
  const hintOnly = withSample([finding('mm/a-rule', 'hint', 0, 1)]);
  assert.equal(await runCli(['check', 'x'], fakeIo({ x: DOC }), hintOnly), 0);
  assert.equal(await runCli(['check', '--fail-on', 'hint', 'x'], fakeIo({ x: DOC }), hintOnly), 1);
  assert.equal(await runCli(['check', '--fail-on=none', 'x'], fakeIo({ x: DOC }), withSample()), 0);
  assert.equal(await runCli(['check', '--fail-on', 'error', 'x'], fakeIo({ x: DOC }), withSample()), 1);
});

test('--rule turns rules off or changes their severity', async () => {
  const io = fakeIo({ x: DOC });
  const code = await runCli(['check', '--rule', 'mm/c-rule=off', '--rule=mm/b-rule=info', 'x'], io, withSample());
  assert.equal(code, 0);
  assert.deepEqual(io.out.trim().split('\n'), ['x:1:3: hint: mm/a-rule says so [mm/a-rule]', 'x:3:2: info: mm/b-rule says so (in zap_thing) [mm/b-rule]']);
  const bad = fakeIo({ x: DOC });
  assert.equal(await runCli(['check', '--rule', 'nolevel', 'x'], bad, withSample()), 2);
  assert.match(bad.err, /--rule wants ID=/);
  const unknown = fakeIo({ x: DOC });
  assert.equal(await runCli(['check', '--rule', 'mm/typo-rule=off', 'x'], unknown, withSample()), 2);
  assert.match(unknown.err, /unknown rule mm\/typo-rule/);
});

test('JSON output follows the contract', async () => {
  const io = fakeIo({ x: DOC });
  await runCli(['check', '--format', 'json', 'x'], io, withSample());
  const json = JSON.parse(io.out);
  assert.deepEqual(Object.keys(json).sort(), ['findings', 'incomplete']);
  assert.deepEqual(json.findings[2], {
    ruleId: 'mm/b-rule',
    severity: 'warning',
    path: 'x',
    line: 3,
    column: 2,
    endLine: 3,
    endColumn: 7,
    message: 'mm/b-rule says so',
    function: 'zap_thing',
  });
  assert.deepEqual(json.incomplete, [{ path: 'x', function: 'f', reason: 'budget hit' }]);
});

test('SARIF output is a valid 2.1.0 log', async () => {
  const io = fakeIo({ 'dir/x y.patch': DOC });
  await runCli(['check', '--format', 'sarif', 'dir/x y.patch'], io, withSample());
  const sarif = JSON.parse(io.out);
  assert.equal(sarif.version, '2.1.0');
  const run = sarif.runs[0];
  assert.equal(run.tool.driver.name, 'mmreview');
  assert.match(run.tool.driver.informationUri, /^https:\/\//);
  assert.deepEqual(run.tool.driver.rules[2], {
    id: 'mm/c-rule',
    shortDescription: { text: 'C rule' },
    helpUri: 'https://example.org/c',
    defaultConfiguration: { level: 'error' },
  });
  assert.deepEqual(run.results.map((r: { level: string }) => r.level), ['note', 'error', 'warning']);
  const c = run.results[1];
  assert.equal(c.ruleId, 'mm/c-rule');
  assert.equal(c.ruleIndex, 2);
  assert.deepEqual(c.message, { text: 'mm/c-rule says so' });
  assert.deepEqual(c.locations[0].physicalLocation, {
    artifactLocation: { uri: 'dir/x%20y.patch' },
    region: { startLine: 2, startColumn: 3, endLine: 2, endColumn: 9 },
  });
});

test('input errors: missing, directory, binary, invalid UTF-8 each give one line and exit 2', async () => {
  const files = { dir: 'DIR', bin: new Uint8Array([0x64, 0, 0x66]), latin: new Uint8Array([0x66, 0xe9, 0x0a]), ok: DOC };
  for (const [name, pattern] of [
    ['missing', /missing: cannot read: no such file/],
    ['dir', /dir: cannot read: is a directory/],
    ['bin', /bin: binary file/],
    ['latin', /latin: not valid UTF-8/],
  ] as const) {
    const io = fakeIo(files);
    assert.equal(await runCli(['check', name, 'ok'], io), 2, name);
    assert.match(io.err, pattern);
    assert.equal(io.err.trim().split('\n').length, 1, name);
  }
});

test('stdin, help and usage errors', async () => {
  const io = fakeIo({}, DOC);
  assert.equal(await runCli(['check', '-'], io, withSample()), 1);
  assert.match(io.out, /^<stdin>:1:3: hint:/);
  const help = fakeIo({});
  assert.equal(await runCli(['check', '--help'], help), 0);
  assert.match(help.out, /--fail-on/);
  for (const argv of [['check'], ['check', '--format', 'xml', 'x'], ['check', '--wat', 'x'], ['check', '--fail-on'], ['nope'], []]) {
    const e = fakeIo({ x: DOC });
    assert.equal(await runCli(argv, e), 2, argv.join(' '));
    assert.match(e.err, /usage: mmreview/);
  }
  const top = fakeIo({});
  assert.equal(await runCli(['--help'], top), 0);
  assert.match(top.out, /check .*\n.*parse/);
});
