/**
 * Applies a file's hunks to the file as the kernel tree has it, tolerating
 * what mail does to patches: each hunk's visible pre-image lines are looked
 * for near the line its header names, comparing without whitespace, and if
 * that fails with leading and trailing context dropped (as patch's fuzz
 * does). The result keeps, for every line, the patch line it came from.
 */
import type { Hunk } from '../../ingest/types.js';
import { normalize } from '../extract/function-text.js';
import type { RebuiltLine } from '../rebuild/text-builder.js';
import type { VisibleLine } from '../rebuild/visible-lines.js';

export interface AppliedFile {
  lines: RebuiltLine[];
  /** Hunks placed in the tree file, and those that could not be. */
  applied: Hunk[];
  failed: Hunk[];
  /** Hunks that were applied but whose quote was cut (later changes unknown). */
  cut: Hunk[];
}

const MAX_FUZZ = 3;

interface Placement {
  hunk: Hunk;
  /** First tree line the hunk replaces, and how many. */
  at: number;
  length: number;
  /** The hunk's lines after fuzz dropped some context. */
  lines: VisibleLine[];
}

/**
 * The hunk's lines in order, both sides, wrapped lines joined, split where
 * the quote elides lines: each piece is placed on its own.
 */
function hunkChunks(hunk: Hunk): VisibleLine[][] {
  const chunks: VisibleLine[][] = [[]];
  for (const line of hunk.lines) {
    const chunk = chunks[chunks.length - 1];
    const last = chunk[chunk.length - 1];
    if (line.continuation && last) {
      last.text += ' ' + line.text;
      last.sources.push(line);
      continue;
    }
    if (line.gapBefore && chunk.length > 0) chunks.push([]);
    chunks[chunks.length - 1].push({ text: line.text, sources: [line], kind: line.kind, gapBefore: line.gapBefore });
  }
  return chunks.filter((c) => c.length > 0);
}

function matchesAt(tree: string[], at: number, want: string[]): boolean {
  if (at < 0 || at + want.length > tree.length) return false;
  for (let i = 0; i < want.length; i++) if (tree[at + i] !== want[i]) return false;
  return true;
}

/** The match of `want` in `tree` nearest to `hint`, at or after `from`. */
function nearestMatch(tree: string[], want: string[], hint: number, from: number): number {
  if (want.length === 0) return -1;
  const start = Math.min(Math.max(hint, from), Math.max(from, tree.length - 1));
  for (let d = 0; start - d >= from || start + d < tree.length; d++) {
    if (d === 0) {
      if (matchesAt(tree, start, want)) return start;
      continue;
    }
    if (start - d >= from && matchesAt(tree, start - d, want)) return start - d;
    if (matchesAt(tree, start + d, want)) return start + d;
  }
  return -1;
}

/** Drops up to `fuzz` context lines from each end of the hunk. */
function withFuzz(lines: VisibleLine[], fuzz: number): VisibleLine[] {
  let start = 0;
  let end = lines.length;
  for (let i = 0; i < fuzz && start < end && lines[start].kind === 'context'; i++) start++;
  for (let i = 0; i < fuzz && end > start && lines[end - 1].kind === 'context'; i++) end--;
  return lines.slice(start, end);
}

function place(tree: string[], hunk: Hunk, all: VisibleLine[], hint0: number, from: number): Placement | null {
  for (let fuzz = 0; fuzz <= MAX_FUZZ; fuzz++) {
    const lines = withFuzz(all, fuzz);
    const pre = lines.filter((l) => l.kind !== 'added').map((l) => normalize(l.text));
    if (pre.length === 0 || pre.every((p) => p === '')) {
      if (fuzz > 0) break;
      continue;
    }
    const dropped = all.indexOf(lines[0]);
    const hint = Math.max(0, hint0 + dropped);
    const at = nearestMatch(tree, pre, hint, from);
    if (at >= 0) return { hunk, at, length: pre.length, lines };
  }
  return null;
}

/** The lines of a file read from the tree: real code that no quote shows. */
export function treeLines(text: string): RebuiltLine[] {
  return text.split(/\r?\n/).map((t) => ({ text: t, sources: [], kind: 'context' as const }));
}

/**
 * Applies `hunks` to `base` (tree lines, possibly with earlier patches of a
 * series already applied). Lines kept from `base` keep their own sources.
 */
/**
 * Normalized text per line object. A series applies its patches one after
 * the other to the same file, and each application used to normalize every
 * line of it again (forty times a 7,000-line file for a 40-patch series);
 * lines carried over keep their object, so each is normalized once.
 */
const normalizedLines = new WeakMap<RebuiltLine, string>();

function normalizedText(l: RebuiltLine): string {
  let n = normalizedLines.get(l);
  if (n === undefined) {
    n = normalize(l.text);
    normalizedLines.set(l, n);
  }
  return n;
}

export function applyHunks(base: RebuiltLine[], hunks: Hunk[]): AppliedFile {
  const normalized = base.map(normalizedText);
  const ordered = [...hunks].sort((a, b) => a.oldStart - b.oldStart);
  const out: RebuiltLine[] = [];
  const result: AppliedFile = { lines: out, applied: [], failed: [], cut: [] };
  let pos = 0;
  let offset = 0;
  for (const hunk of ordered) {
    let hint = hunk.headerless ? pos : Math.max(pos, hunk.oldStart - 1 + offset);
    let placedAll = true;
    for (const chunk of hunkChunks(hunk)) {
      const p = place(normalized, hunk, chunk, hint, pos);
      if (!p) {
        placedAll = false;
        continue;
      }
      for (; pos < p.at; pos++) out.push(base[pos]);
      for (const l of p.lines) {
        if (l.kind === 'removed') pos++;
        else if (l.kind === 'context') out.push(base[pos++]);
        else out.push({ text: l.text, sources: l.sources, kind: 'added' });
      }
      if (!hunk.headerless) offset = p.at - (hunk.oldStart - 1);
      hint = pos;
    }
    (placedAll ? result.applied : result.failed).push(hunk);
    if (placedAll && (hunk.countsMismatch || hunk.lines.some((l) => l.gapBefore))) result.cut.push(hunk);
  }
  for (; pos < base.length; pos++) out.push(base[pos]);
  return result;
}
