/**
 * A KernelTree backed by the file system, and the rule for finding one: the
 * `mmreview.kernelTree` setting, or else a workspace folder that contains
 * mm/hugetlb.c. Reads are confined to the tree and cached for the life of the
 * tree object (a re-analyse request makes a new one).
 */
import { existsSync, readFileSync, statSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import type { KernelTree } from '../analysis/service.js';
import type { KernelTreeResolution } from '../lsp/server-host.js';

/** A file that only a Linux source tree has; its presence makes a folder a tree. */
export const KERNEL_TREE_MARKER = 'mm/hugetlb.c';

/** Kernel source files worth reading are far below this; larger ones are refused. */
const MAX_FILE_BYTES = 8 * 1024 * 1024;

export function createFsKernelTree(root: string): KernelTree {
  const cache = new Map<string, string | undefined>();
  const base = path.resolve(root);
  return {
    readFile(relPath: string): string | undefined {
      if (cache.has(relPath)) return cache.get(relPath);
      const text = readInside(base, relPath);
      cache.set(relPath, text);
      return text;
    },
  };
}

function readInside(base: string, relPath: string): string | undefined {
  const full = path.resolve(base, relPath);
  // Patch text names the paths; never let `../` or an absolute path leave the tree.
  if (path.isAbsolute(relPath) || !full.startsWith(base + path.sep)) return undefined;
  try {
    const stat = statSync(full);
    if (!stat.isFile() || stat.size > MAX_FILE_BYTES) return undefined;
    return readFileSync(full, 'utf8');
  } catch {
    return undefined;
  }
}

export function isKernelTree(dir: string): boolean {
  return existsSync(path.join(dir, KERNEL_TREE_MARKER));
}

function uriToPath(uri: string): string | undefined {
  try {
    return uri.startsWith('file:') ? fileURLToPath(uri) : undefined;
  } catch {
    return undefined;
  }
}

function expandSetting(setting: string, folders: string[]): string {
  const trimmed = setting.trim();
  if (trimmed === '~' || trimmed.startsWith('~/')) return path.join(os.homedir(), trimmed.slice(1));
  if (path.isAbsolute(trimmed)) return trimmed;
  return path.resolve(folders[0] ?? process.cwd(), trimmed);
}

export function resolveKernelTree(setting: string, workspaceFolderUris: string[]): KernelTreeResolution {
  // Virtual workspaces have no file-system folders; they simply get no tree.
  const folders = workspaceFolderUris.map(uriToPath).filter((p): p is string => !!p);
  if (setting.trim()) {
    const root = expandSetting(setting, folders);
    if (!isKernelTree(root)) return { problem: `${root} does not look like a kernel tree (no ${KERNEL_TREE_MARKER}); analysing without one` };
    return { tree: createFsKernelTree(root), root };
  }
  const root = folders.find(isKernelTree);
  return root ? { tree: createFsKernelTree(root), root } : {};
}
