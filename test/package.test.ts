// `npm run package` builds a .vsix that holds only what .vscodeignore allows,
// stays under 5 MB, and whose server bundle runs on its own (wasm beside it,
// no node_modules): built once into a temporary directory.
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { docUri, fixture } from './lsp/fixtures.js';
import { LspTestClient } from './lsp/lsp-client.js';
import { listZip, readZipEntry, type ZipEntry } from './zip-reader.js';

const root = process.cwd();
const MAX_BYTES = 5 * 1024 * 1024;
let tmp = '';
let vsix: Buffer;
let entries: ZipEntry[];

before(() => {
  tmp = mkdtempSync(path.join(os.tmpdir(), 'mmreview-vsix-'));
  const out = path.join(tmp, 'mmreview.vsix');
  const res = spawnSync(process.execPath, ['scripts/package.mjs', '--no-build', '--out', out], { cwd: root, encoding: 'utf8' });
  assert.equal(res.status, 0, `npm run package failed:\n${res.stdout}\n${res.stderr}`);
  vsix = readFileSync(out);
  entries = listZip(vsix);
});

after(() => rmSync(tmp, { recursive: true, force: true }));

/** The `!pattern` lines of .vscodeignore as regular expressions over package paths. */
function allowList(): RegExp[] {
  return readFileSync(path.join(root, '.vscodeignore'), 'utf8').split('\n')
    .map((l) => l.trim()).filter((l) => l.startsWith('!'))
    .map((l) => new RegExp(`^${l.slice(1).replace(/[.+^${}()|[\]\\]/g, '\\$&').replace(/\*\*/g, '\u0000').replace(/\*/g, '[^/]*').replace(/\u0000/g, '.*')}$`));
}

function shipped(): string[] {
  return entries.map((e) => e.name).filter((n) => n.startsWith('extension/')).map((n) => n.slice('extension/'.length));
}

test('only allow-listed files ship', () => {
  const allowed = allowList();
  // vsce renames LICENSE to LICENSE.txt and README.md to readme.md, and adds
  // its two manifest files at the top level.
  const outside = entries.map((e) => e.name).filter((n) => !n.startsWith('extension/'));
  assert.deepEqual(outside.sort(), ['[Content_Types].xml', 'extension.vsixmanifest']);
  const renamed = new Set(['LICENSE.txt', 'readme.md']);
  const unexpected = shipped().filter((f) => !renamed.has(f) && !allowed.some((re) => re.test(f)));
  assert.deepEqual(unexpected, []);
  assert.ok(!shipped().some((f) => /\.map$|node_modules|\/src\/|^test\//.test(f)));
});

test('everything the manifest points at ships', () => {
  const files = new Set(shipped());
  const pkg = JSON.parse(readZipEntry(vsix, entries.find((e) => e.name === 'extension/package.json')!).toString('utf8'));
  const wanted = [
    pkg.main.replace(/^\.\//, ''), 'dist/server.js', 'dist/cli.js', 'dist/tree-sitter.wasm', 'dist/tree-sitter-c.wasm',
    ...pkg.contributes.grammars.map((g: { path: string }) => g.path.replace(/^\.\//, '')),
    ...pkg.contributes.languages.filter((l: { configuration?: string }) => l.configuration)
      .map((l: { configuration: string }) => l.configuration.replace(/^\.\//, '')),
  ];
  for (const f of wanted) assert.ok(files.has(f), `${f} ships`);
  assert.ok(files.has('LICENSE.txt'));
});

test('the .vsix is under 5 MB', (t) => {
  t.diagnostic(`vsix: ${vsix.length} bytes, ${entries.length} entries`);
  assert.ok(vsix.length < MAX_BYTES, `${vsix.length} bytes`);
});

test('the shipped server bundle runs on its own and analyses a document', async () => {
  const dir = path.join(tmp, 'unpacked');
  for (const e of entries.filter((x) => x.name.startsWith('extension/dist/'))) {
    const target = path.join(dir, e.name.slice('extension/'.length));
    mkdirSync(path.dirname(target), { recursive: true });
    writeFileSync(target, readZipEntry(vsix, e));
  }
  // cwd outside the checkout, so the wasm can only come from beside the bundle.
  const client = await LspTestClient.start({ nodeArgs: [path.join(dir, 'dist/server.js'), '--stdio'], cwd: dir });
  try {
    const uri = docUri();
    await client.open(uri, fixture('one-hunk.patch'));
    const published = await client.waitForDiagnostics(uri, 1);
    assert.ok(published.diagnostics.every((d) => d.code !== 'mmreview/analysis-failed'), JSON.stringify(client.logs));
  } finally {
    assert.equal(await client.stop(), 0);
  }
});
