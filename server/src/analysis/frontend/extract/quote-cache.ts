/**
 * Reuses the work on a quoted file diff across analyses. The language server
 * analyses a document again after every edit, and an edit touches one line:
 * every other file diff has the same hunks as before, only (perhaps) at
 * other offsets. Rebuilding, parsing and lowering them again was most of the
 * frontend's time on a series (see bench/results.md).
 *
 * The key is the diff's content (path, hunk headers, each line's kind, text
 * and the flags the rebuild reads) without any position, so a diff that only
 * moved hits. What a QuotedFile holds that depends on position is the patch
 * lines it refers to (document spans and line numbers) and the message index
 * and quote depth of its candidates: on a hit they are swapped for the new
 * diff's own, line by line, in the same order. Everything else (rebuilt
 * text, lowered functions, callees) is a pure function of the key and is
 * shared; nothing downstream mutates it (the merge copies ASTs before
 * changing them).
 */
import type { FileDiff, PatchLine } from '../../ingest/types.js';
import type { RebuiltFile } from '../rebuild/rebuild-file.js';
import type { Candidate, QuotedFile, QuoteSide } from './candidates.js';

interface Entry {
  quoted: QuotedFile;
  /** The diff's patch lines, hunk by hunk, in order: what the cached sources refer to. */
  lines: PatchLine[];
  /** The analysis that last used it. */
  used: number;
}

/** Enough for the file diffs of an open 100-patch series and its replies; the least recently used go first. */
const MAX_ENTRIES = 200;
/**
 * Entries no analysis used in this many analyses are dropped: an edit to a
 * diff leaves its old version behind, and a language server session would
 * otherwise carry up to MAX_ENTRIES stale ones (tens of MB on a series).
 * Three keeps two documents edited in turn cached.
 */
const KEEP_GENERATIONS = 3;

const cache = new Map<string, Entry>();
let generation = 0;

/** Marks the start of an analysis and drops what the last few did not use. */
export function nextQuoteGeneration(): void {
  generation++;
  for (const [key, entry] of cache) if (generation - entry.used > KEEP_GENERATIONS) cache.delete(key);
}

function patchLines(diff: FileDiff): PatchLine[] {
  return diff.hunks.flatMap((h) => h.lines);
}

/** Everything quoteFile reads from a FileDiff, and nothing positional. */
export function diffKey(diff: FileDiff): string {
  const parts: string[] = [diff.path];
  for (const h of diff.hunks) {
    parts.push(`\u0001${h.header}\u0002${h.function}\u0002${h.headerless ? 1 : 0}\u0002${h.oldStart},${h.oldLines},${h.newStart},${h.newLines}\u0002${h.countsMismatch ? 1 : 0}`);
    for (const l of h.lines) parts.push(`\u0003${l.kind[0]}${l.gapBefore ? 1 : 0}${l.continuation ? 1 : 0}${l.text}`);
  }
  return parts.join('');
}

function rebaseFile(file: RebuiltFile, swap: Map<PatchLine, PatchLine>): RebuiltFile {
  return {
    text: file.text,
    lineStarts: file.lineStarts,
    lines: file.lines.map((l) => ({ text: l.text, kind: l.kind, sources: l.sources.map((s) => swap.get(s) ?? s) })),
  };
}

function rebase(entry: Entry, diff: FileDiff, message: number, quoteDepth: number): QuotedFile {
  const now = patchLines(diff);
  const swap = new Map<PatchLine, PatchLine>();
  entry.lines.forEach((old, i) => swap.set(old, now[i]));
  const files = new Map<RebuiltFile, RebuiltFile>();
  const side = (s: QuoteSide | undefined): QuoteSide | undefined => {
    if (!s) return undefined;
    let file = files.get(s.file);
    if (!file) {
      file = rebaseFile(s.file, swap);
      files.set(s.file, file);
    }
    return { file, fn: s.fn };
  };
  const candidates: Candidate[] = entry.quoted.candidates.map((c) => {
    const out: Candidate = { ...c, message, quoteDepth };
    const post = side(c.post);
    const pre = side(c.pre);
    if (post) out.post = post;
    else delete out.post;
    if (pre) out.pre = pre;
    else delete out.pre;
    return out;
  });
  return { candidates, visible: entry.quoted.visible.map((v) => ({ ...v, calls: [...v.calls] })), notes: [...entry.quoted.notes] };
}

/** quoteFile through the cache: computes on a miss, re-bases the stored result on a hit. */
export function cachedQuote(diff: FileDiff, message: number, quoteDepth: number, compute: () => QuotedFile): QuotedFile {
  const key = diffKey(diff);
  const hit = cache.get(key);
  if (hit) {
    // Most recently used last, so eviction takes the oldest.
    cache.delete(key);
    cache.set(key, hit);
    hit.used = generation;
    return rebase(hit, diff, message, quoteDepth);
  }
  const quoted = compute();
  cache.set(key, { quoted, lines: patchLines(diff), used: generation });
  while (cache.size > MAX_ENTRIES) cache.delete(cache.keys().next().value as string);
  // The caller gets its own copy too, so the stored entry never sees what a caller does with it.
  return rebase(cache.get(key)!, diff, message, quoteDepth);
}

/** Empties the cache (tests that measure memory, or a host that wants it gone). */
export function clearQuoteCache(): void {
  cache.clear();
}
