// Enforces the layering invariant of docs/ARCHITECTURE.md: the analysis core
// and the simulator never import the editor, the protocol, or Node's I/O.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readdirSync, readFileSync, statSync } from 'node:fs';
import path from 'node:path';

const root = process.cwd();
const PURE_DIRS = ['server/src/analysis', 'simulator/src'];
const FORBIDDEN = [
  /^vscode$/,
  /^vscode-languageserver/,
  /^vscode-languageclient/,
  /^vscode-jsonrpc/,
  /^(node:)?fs(\/promises)?$/,
  /^(node:)?child_process$/,
  /^(node:)?net$/,
  /^(node:)?http2?$/,
  /^(node:)?worker_threads$/,
];

function sourceFiles(dir: string): string[] {
  const out: string[] = [];
  for (const name of readdirSync(dir)) {
    const full = path.join(dir, name);
    if (statSync(full).isDirectory()) out.push(...sourceFiles(full));
    else if (/\.(ts|js|mjs|cjs)$/.test(name)) out.push(full);
  }
  return out;
}

/** Every module specifier a file imports, requires or dynamically imports. */
export function importedSpecifiers(source: string): string[] {
  const specs: string[] = [];
  const patterns = [
    /\bimport\s+(?:type\s+)?(?:[^'";]*?\s+from\s+)?['"]([^'"]+)['"]/g,
    /\bexport\s+(?:type\s+)?[^'";]*?\s+from\s+['"]([^'"]+)['"]/g,
    /\brequire\s*\(\s*['"]([^'"]+)['"]\s*\)/g,
    /\bimport\s*\(\s*['"]([^'"]+)['"]\s*\)/g,
  ];
  for (const re of patterns) for (const m of source.matchAll(re)) specs.push(m[1]);
  return specs;
}

test('the import scanner sees every form of import', () => {
  const sample = [
    "import * as vscode from 'vscode';",
    'import { readFileSync } from "node:fs";',
    "export { x } from 'vscode-languageserver/node';",
    "const cp = require('child_process');",
    "const net = await import('net');",
  ].join('\n');
  assert.deepEqual(importedSpecifiers(sample).sort(), ['child_process', 'net', 'node:fs', 'vscode', 'vscode-languageserver/node']);
});

for (const dir of PURE_DIRS) {
  test(`${dir} imports no editor, protocol or I/O module`, () => {
    const files = sourceFiles(path.join(root, dir));
    assert.ok(files.length > 0, `${dir} has source files`);
    const bad: string[] = [];
    for (const file of files) {
      for (const spec of importedSpecifiers(readFileSync(file, 'utf8'))) {
        if (FORBIDDEN.some((re) => re.test(spec))) bad.push(`${path.relative(root, file)} imports ${spec}`);
      }
    }
    assert.deepEqual(bad, []);
  });
}
