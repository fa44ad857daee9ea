/**
 * Kernel tree mode: each file the patch set touches is read from the tree,
 * the hunks (the most complete quote of each) are applied in document order,
 * and the result gives complete function bodies, the callers of each changed
 * function in that file, and the definitions the simulator needs. What the
 * tree cannot supply is recorded in notes.
 */
import type { FileDiff, Hunk, PatchLine, PatchSet } from '../../ingest/types.js';
import type { VisibleFunction } from '../extract/candidates.js';
import { functionText, type FunctionText } from '../extract/function-text.js';
import { configOf, sideFunctions, type SideFunction } from '../extract/side-functions.js';
import type { KernelTree } from '../kernel-tree.js';
import type { RebuiltFile } from '../rebuild/rebuild-file.js';
import type { RebuiltLine } from '../rebuild/text-builder.js';
import { applyHunks, treeLines } from './apply-hunks.js';

export interface TreeFile {
  path: string;
  post: RebuiltFile;
  pre: RebuiltFile;
  postFunctions: SideFunction[];
  preFunctions: SideFunction[];
  cut: Hunk[];
}

/** What the tree supplies for one changed function. */
export interface TreeText {
  post: FunctionText;
  pre?: FunctionText;
  /** Set when a hunk inside the function was cut in the quote, so its later changes are unknown. */
  caveat?: string;
}

export interface TreeView {
  files: Map<string, TreeFile>;
  notes: string[];
  visible: VisibleFunction[];
  lookup(file: string, name: string, config: string): TreeText | undefined;
}

function rebuilt(lines: RebuiltLine[]): RebuiltFile {
  const lineStarts: number[] = [];
  let offset = 0;
  for (const l of lines) {
    lineStarts.push(offset);
    offset += l.text.length + 1;
  }
  return { lines, text: lines.map((l) => l.text).join('\n'), lineStarts };
}

function hunkKey(h: Hunk): string {
  return h.headerless ? `headerless:${h.lines[0]?.text ?? ''}` : `${h.oldStart},${h.oldLines},${h.newStart},${h.newLines}`;
}

/** Every FileDiff of each path, in document order, with each hunk replaced by its most complete quote. */
function bestHunksByPath(patchSet: PatchSet): Map<string, { diff: FileDiff; hunks: Hunk[] }[]> {
  const best = new Map<string, Hunk>();
  const score = (h: Hunk): number => h.lines.length - (h.countsMismatch ? 0.5 : 0);
  const all: FileDiff[] = patchSet.messages.flatMap((m) => m.patches.flatMap((p) => p.files));
  for (const f of all) for (const h of f.hunks) {
    const key = `${f.path}\u0000${hunkKey(h)}`;
    const seen = best.get(key);
    if (!seen || score(h) > score(seen)) best.set(key, h);
  }
  const byPath = new Map<string, { diff: FileDiff; hunks: Hunk[] }[]>();
  const used = new Set<Hunk>();
  for (const f of all) {
    const hunks = f.hunks.map((h) => best.get(`${f.path}\u0000${hunkKey(h)}`) as Hunk).filter((h) => !used.has(h));
    hunks.forEach((h) => used.add(h));
    if (hunks.length === 0) continue;
    const list = byPath.get(f.path) ?? [];
    list.push({ diff: f, hunks });
    byPath.set(f.path, list);
  }
  return byPath;
}

/**
 * What a tree file gives once its hunks are applied: a pure function of the
 * file's text and the hunks' content. Kept across analyses (see
 * treeCache), because lowering a whole kernel file twice is most of tree
 * mode's time and an edit rarely changes either input.
 */
interface PreparedSides {
  pre: RebuiltFile;
  preFunctions: SideFunction[];
  /** Post sides by the content of the hunks applied. */
  posts: Map<string, PreparedPost>;
}

interface PreparedPost {
  post: RebuiltFile;
  postFunctions: SideFunction[];
  cut: Hunk[];
  failed: Hunk[];
  /** The hunks applied and their lines, in order: what `post` and `cut` refer to. */
  hunks: Hunk[];
  lines: PatchLine[];
}

/**
 * A handful of tree files (the ones the open documents touch), each with the
 * last two hunk sets applied to it (the current document and the one before
 * an edit): a prepared post side is a whole lowered kernel file, megabytes.
 */
const MAX_TREE_TEXTS = 8;
const MAX_POSTS_PER_TEXT = 2;
const treeCache = new Map<string, PreparedSides>();

function hunkContentKey(h: Hunk): string {
  const parts = [`\u0001${h.header}\u0002${h.function}\u0002${h.headerless ? 1 : 0}\u0002${h.oldStart},${h.oldLines},${h.newStart},${h.newLines}\u0002${h.countsMismatch ? 1 : 0}`];
  for (const l of h.lines) parts.push(`\u0003${l.kind[0]}${l.gapBefore ? 1 : 0}${l.continuation ? 1 : 0}${l.text}`);
  return parts.join('');
}

function touch<K, V>(map: Map<K, V>, key: K, value: V, max: number): void {
  map.delete(key);
  map.set(key, value);
  while (map.size > max) map.delete(map.keys().next().value as K);
}

function preSides(text: string): PreparedSides {
  const hit = treeCache.get(text);
  if (hit) {
    touch(treeCache, text, hit, MAX_TREE_TEXTS);
    return hit;
  }
  const pre = rebuilt(treeLines(text));
  const sides: PreparedSides = { pre, preFunctions: sideFunctions(pre, 'pre'), posts: new Map() };
  touch(treeCache, text, sides, MAX_TREE_TEXTS);
  return sides;
}

function applyAll(text: string, hunkLists: Hunk[][]): PreparedPost {
  let lines = treeLines(text);
  const cut: Hunk[] = [];
  const failed: Hunk[] = [];
  for (const hunks of hunkLists) {
    const applied = applyHunks(lines, hunks);
    lines = applied.lines;
    cut.push(...applied.cut);
    failed.push(...applied.failed);
  }
  const post = rebuilt(lines);
  const hunks = hunkLists.flat();
  return { post, postFunctions: sideFunctions(post, 'post'), cut, failed, hunks, lines: hunks.flatMap((h) => h.lines) };
}

/** The stored post side with its patch lines and hunks swapped for this document's own (same content, maybe other offsets). */
function rebasePost(stored: PreparedPost, hunks: Hunk[]): PreparedPost {
  const lineSwap = new Map<PatchLine, PatchLine>();
  const now = hunks.flatMap((h) => h.lines);
  stored.lines.forEach((l, i) => lineSwap.set(l, now[i]));
  const hunkSwap = new Map<Hunk, Hunk>();
  stored.hunks.forEach((h, i) => hunkSwap.set(h, hunks[i]));
  const post: RebuiltFile = {
    text: stored.post.text,
    lineStarts: stored.post.lineStarts,
    lines: stored.post.lines.map((l) => (l.sources.length ? { text: l.text, kind: l.kind, sources: l.sources.map((s) => lineSwap.get(s) ?? s) } : l)),
  };
  const swapHunk = (h: Hunk) => hunkSwap.get(h) ?? h;
  return { ...stored, post, cut: stored.cut.map(swapHunk), failed: stored.failed.map(swapHunk), hunks, lines: now };
}

function prepareFile(path: string, diffs: { diff: FileDiff; hunks: Hunk[] }[], tree: KernelTree, notes: string[]): TreeFile | undefined {
  const oldPath = diffs[0].diff.oldPath ?? path;
  if (diffs[0].diff.oldPath === null) return undefined;
  const text = tree.readFile(oldPath);
  if (text === undefined) {
    notes.push(`${path}: not found in the kernel tree; only what the patch shows is analysed`);
    return undefined;
  }
  const sides = preSides(text);
  const hunkLists = diffs.map((d) => d.hunks);
  const key = hunkLists.map((hs) => hs.map(hunkContentKey).join('')).join('\u0004');
  const stored = sides.posts.get(key) ?? applyAll(text, hunkLists);
  touch(sides.posts, key, stored, MAX_POSTS_PER_TEXT);
  const prepared = rebasePost(stored, hunkLists.flat());
  for (const h of prepared.failed) notes.push(`${path}: hunk ${h.header || '(without header)'} does not apply to the kernel tree; it is analysed from the patch alone`);
  return { path, post: prepared.post, pre: sides.pre, postFunctions: prepared.postFunctions, preFunctions: sides.preFunctions, cut: prepared.cut };
}

/** Empties the tree-file cache (for measurements of a first analysis). */
export function clearTreeCache(): void {
  treeCache.clear();
}

/** The tree's function for a changed one: by name, preferring matching conditions, then changed ones. */
function pick(fns: SideFunction[], name: string, config: string): SideFunction | undefined {
  const named = fns.filter((f) => f.name === name && f.hasBody);
  if (named.length <= 1) return named[0];
  const byConfig = named.filter((f) => config !== '' && configOf(f.conditions).endsWith(config));
  if (byConfig.length > 0) return byConfig[0];
  return named.find((f) => f.conditions.length === 0 && config === '') ?? named.find((f) => f.changed) ?? named[0];
}

function caveatFor(file: TreeFile, fn: SideFunction): string | undefined {
  const lines = file.post.lines.slice(fn.startLine, fn.endLine + 1);
  const cutHere = file.cut.filter((h) => lines.some((l) => l.sources.some((s) => h.lines.includes(s))));
  if (cutHere.length === 0) return undefined;
  return `the quote cut hunk ${cutHere.map((h) => h.header || '(without header)').join(', ')}; code after its last quoted line is the tree's pre-image`;
}

export function prepareTree(patchSet: PatchSet, tree: KernelTree): TreeView {
  const files = new Map<string, TreeFile>();
  const notes: string[] = [];
  for (const [path, diffs] of bestHunksByPath(patchSet)) {
    try {
      const file = prepareFile(path, diffs, tree, notes);
      if (file) files.set(path, file);
    } catch (err) {
      notes.push(`${path}: the kernel tree copy could not be used (${err instanceof Error ? err.message : String(err)})`);
    }
  }
  const visible = [...files.values()].flatMap((f) => f.postFunctions.filter((fn) => fn.hasBody).map((fn) => ({ file: f.path, name: fn.name, calls: fn.calls })));
  return {
    files,
    notes,
    visible,
    lookup(file, name, config) {
      const tf = files.get(file);
      const fn = tf && pick(tf.postFunctions, name, config);
      if (!tf || !fn) return undefined;
      const preFn = pick(tf.preFunctions, name, config);
      const caveat = caveatFor(tf, fn);
      return {
        post: functionText({ file: tf.post, fn }),
        ...(preFn ? { pre: functionText({ file: tf.pre, fn: preFn }) } : {}),
        ...(caveat ? { caveat } : {}),
      };
    },
  };
}
