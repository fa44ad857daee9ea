// The file-system kernel tree: reads confined to the tree, and the rule that
// finds one (setting first, else a workspace folder holding mm/hugetlb.c).
import { after, test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { createFsKernelTree, resolveKernelTree } from '../../server/src/host/fs-kernel-tree.js';

const tmp = mkdtempSync(path.join(os.tmpdir(), 'mmreview-tree-'));
const tree = path.join(tmp, 'linux');
mkdirSync(path.join(tree, 'mm'), { recursive: true });
writeFileSync(path.join(tree, 'mm/hugetlb.c'), '/* team-written stand-in */\n');
writeFileSync(path.join(tmp, 'secret.txt'), 'outside\n');
const plain = path.join(tmp, 'plain');
mkdirSync(plain);
after(() => rmSync(tmp, { recursive: true, force: true }));

test('reads files by relative path, never outside the tree', () => {
  const kt = createFsKernelTree(tree);
  assert.equal(kt.readFile('mm/hugetlb.c'), '/* team-written stand-in */\n');
  assert.equal(kt.readFile('mm/missing.c'), undefined);
  assert.equal(kt.readFile('../secret.txt'), undefined);
  assert.equal(kt.readFile(path.join(tmp, 'secret.txt')), undefined);
  assert.equal(kt.readFile('mm'), undefined, 'a directory is not a file');
});

test('the setting wins; relative settings resolve against the first workspace folder', () => {
  assert.equal(resolveKernelTree(tree, []).root, tree);
  assert.equal(resolveKernelTree('linux', [pathToFileURL(tmp).href]).root, tree);
  const bad = resolveKernelTree(plain, [pathToFileURL(tree).href]);
  assert.equal(bad.tree, undefined);
  assert.match(bad.problem ?? '', /does not look like a kernel tree/);
});

test('with no setting, a workspace folder that holds mm/hugetlb.c is the tree; virtual folders are skipped', () => {
  const found = resolveKernelTree('', ['vscode-vfs://github/x/y', pathToFileURL(plain).href, pathToFileURL(tree).href]);
  assert.equal(found.root, tree);
  assert.equal(found.tree?.readFile('mm/hugetlb.c')?.startsWith('/*'), true);
  assert.deepEqual(resolveKernelTree('  ', [pathToFileURL(plain).href]), {});
});
