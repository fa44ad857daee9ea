// End-to-end test with a second real LSP client: Debian's Neovim, headless, runs
// `mmreview lsp --stdio` on a file (e2e/nvim-init.lua) and must receive the same
// findings that `mmreview check FILE --format json` prints for it.
import assert from 'node:assert/strict';
import { spawn, spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { describe, it } from 'node:test';
import { E2E, FIXTURES, ROOT, SELFTEST, recordTimings } from './lib/util.mjs';

const CLI = SELFTEST ? path.join(E2E, 'selftest', 'stub-mmreview.mjs') : path.join(ROOT, 'bin', 'mmreview.js');
const SEEDS = path.resolve(process.cwd(), '..', 'shared', 'seeds');
const TIMEOUT = Number(process.env.E2E_DIAG_TIMEOUT_MS ?? 60000);
// The client sends the filetype as languageId: use the one the extension contributes,
// else the id the server's protocol names (server/src/lsp/protocol.ts).
const pkg = JSON.parse(fs.readFileSync(path.join(ROOT, 'package.json'), 'utf8'));
const FILETYPE = process.env.MMREVIEW_FILETYPE ?? pkg.contributes?.languages?.[0]?.id ?? 'kernel-patch-mail';
const SEVERITY = { 1: 'error', 2: 'warning', 3: 'info', 4: 'hint' };
const timings = {};

function cliFindings(file) {
  const r = spawnSync(process.execPath, [CLI, 'check', file, '--format', 'json'], { cwd: ROOT, encoding: 'utf8', timeout: TIMEOUT });
  // Exit 1 only means "findings at or above --fail-on"; 2 is a usage or input error.
  assert.ok(r.status === 0 || r.status === 1, `mmreview check exited ${r.status}: ${r.stderr}${r.stdout}`);
  let json;
  try { json = JSON.parse(r.stdout); } catch { assert.fail(`mmreview check did not print JSON:\n${r.stdout.slice(0, 500)}`); }
  return json.findings;
}

// Resolves with what nvim-init.lua dumped; nvim is killed if it outlives the timeout.
function neovimDiagnostics(file, expect) {
  const out = path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'mmreview-nvim-')), 'diagnostics.json');
  const env = {
    ...process.env,
    MMREVIEW_CMD: JSON.stringify([process.execPath, CLI, 'lsp', '--stdio']),
    MMREVIEW_OUT: out,
    MMREVIEW_FILETYPE: FILETYPE,
    MMREVIEW_TIMEOUT_MS: String(TIMEOUT),
    MMREVIEW_EXPECT: String(expect),
    XDG_STATE_HOME: path.dirname(out), // nvim's log and shada stay in the temp folder
    XDG_DATA_HOME: path.dirname(out),
  };
  return new Promise((resolve, reject) => {
    const started = Date.now();
    const nvim = spawn('nvim', ['--headless', '--clean', '-u', path.join(E2E, 'nvim-init.lua'), file],
      { cwd: ROOT, env, stdio: ['ignore', 'pipe', 'pipe'] });
    let output = '';
    nvim.stdout.on('data', (d) => { output += d; });
    nvim.stderr.on('data', (d) => { output += d; });
    const killer = setTimeout(() => nvim.kill('SIGKILL'), TIMEOUT + 20000);
    nvim.on('error', reject);
    nvim.on('exit', (code, signal) => {
      clearTimeout(killer);
      if (!fs.existsSync(out)) return reject(new Error(`nvim (${code ?? signal}) wrote no result:\n${output}`));
      resolve({ ...JSON.parse(fs.readFileSync(out, 'utf8')), ms: Date.now() - started, output });
    });
  });
}

const key = (f) => `${String(f.line).padStart(6, '0')}:${String(f.column).padStart(4, '0')}:${f.ruleId}:${f.message}`;
const fromCli = (f) => ({ ruleId: f.ruleId, line: f.line, column: f.column, message: f.message });
const fromLsp = (d) => ({
  ruleId: typeof d.code === 'object' && d.code ? d.code.value : d.code,
  line: d.range.start.line + 1,
  column: d.range.start.character + 1,
  message: d.message,
});

async function compare(file) {
  const expected = cliFindings(file);
  const got = await neovimDiagnostics(file, expected.length);
  timings[path.basename(file)] = { neovimMs: got.ms, findings: expected.length };
  assert.ok(got.attached, `the Neovim client did not attach:\n${got.output}`);
  assert.equal(got.exit, null, `the server exited early: ${JSON.stringify(got.exit)}\n${JSON.stringify(got.messages)}`);
  const errors = (got.messages ?? []).filter((m) => m.type === 1);
  assert.deepEqual(errors, [], 'the server reported errors');
  assert.ok(Array.isArray(got.diagnostics), `no diagnostics published for ${got.uri} within ${TIMEOUT} ms`);
  const lsp = got.diagnostics.map(fromLsp).sort((a, b) => key(a).localeCompare(key(b)));
  const cli = expected.map(fromCli).sort((a, b) => key(a).localeCompare(key(b)));
  assert.deepEqual(lsp, cli, 'Neovim (LSP) and `mmreview check` disagree');
  console.log(`[e2e] ${path.basename(file)}: ${lsp.length} finding(s) agree in ${got.ms} ms ` +
    `(${got.diagnostics.map((d) => `${SEVERITY[d.severity] ?? d.severity} ${d.code}@${d.range.start.line + 1}`).join(', ') || 'none'})`);
}

describe('mmreview lsp --stdio in headless Neovim', { timeout: 10 * 60000 }, () => {
  it('nvim is installed', () => {
    const r = spawnSync('nvim', ['--version'], { encoding: 'utf8' });
    assert.equal(r.status, 0, 'nvim not found: run bash e2e/install.sh');
    console.log(`[e2e] ${r.stdout.split('\n')[0]}, filetype ${FILETYPE}`);
  });

  it('shared-pmd-reply.mbox: same diagnostics as the CLI', () => compare(path.join(FIXTURES, 'shared-pmd-reply.mbox')));

  const seeds = fs.existsSync(SEEDS) ? fs.readdirSync(SEEDS).filter((f) => !f.startsWith('.')).sort() : [];
  if (!seeds.length) it('seeds', { skip: `no seeds at ${SEEDS}` }, () => {});
  for (const s of seeds) it(`seed ${s}: same diagnostics as the CLI`, () => compare(path.join(SEEDS, s)));

  it('records timings', () => recordTimings('neovim', timings));
});
