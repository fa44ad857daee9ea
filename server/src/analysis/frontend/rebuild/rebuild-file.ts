/**
 * Rebuilds the visible text of one side (post- or pre-image) of a file from
 * its hunks, adding just enough synthetic text for it to parse as C: a
 * header from the `@@` context where a hunk starts inside a function, braces
 * where a hunk starts deeper or shallower than the text before it, gap
 * markers where code is missing, and closers where a quote stops. Which
 * depth a hunk starts at is chosen by parsing the candidates and keeping the
 * one with the fewest errors.
 */
import type { FileDiff, Hunk } from '../../ingest/types.js';
import { gapMarker } from '../lower/kernel-words.js';
import { parseBadness } from '../parser.js';
import { completeHeader, contextFunctionName } from './context-header.js';
import { classAfterClosing, firstCodeClass } from './line-class.js';
import { feedLine, initialState, unmatchedClosers, type LexState } from './line-lexer.js';
import { TextBuilder, type RebuiltLine } from './text-builder.js';
import { visibleLines, type Image, type VisibleLine } from './visible-lines.js';

export interface RebuiltFile {
  lines: RebuiltLine[];
  text: string;
  /** Offset of each line in `text`. */
  lineStarts: number[];
}

const REASON = {
  before: 'the quote starts inside this function; the code before is not shown',
  between: 'code between two hunks is not shown',
  after: 'the quote ends here; the rest of the function is not shown',
  elided: 'the quote elides code here',
  deeper: 'the quote starts inside a nested block',
};

/** A header for a hunk whose context names no function: its changes still need a body to live in. */
const UNKNOWN_FUNCTION = 'void __mmreview_unknown_function(void)';

interface Shape {
  /** How many more blocks the hunk closes than it opens, at its lowest point. */
  unmatchedBraces: number;
  /** How many more parentheses it closes than it opens before anything else. */
  unmatchedParens: number;
  commentTail: boolean;
}

function firstCodeLine(texts: string[]): string {
  return texts.find((t) => t.trim() !== '') ?? '';
}

function shapeOf(texts: string[]): Shape {
  const commentTail = /^\s*\*(\/|\s|$)/.test(firstCodeLine(texts)) && !/^\s*\/\*/.test(firstCodeLine(texts));
  const s = initialState(1000);
  s.parens = 1000;
  s.inComment = commentTail;
  let minDepth = 1000;
  let minParens = 1000;
  for (const t of texts) {
    const before = s.depth;
    const info = feedLine(s, t);
    minDepth = Math.min(minDepth, before + info.minDepth, s.depth);
    minParens = Math.min(minParens, s.parens);
  }
  return { unmatchedBraces: 1000 - minDepth, unmatchedParens: Math.max(0, 1000 - minParens), commentTail };
}

/** The synthetic lines that put a hunk at `depth` when the text before it is at file level. */
function prefixAtFileLevel(hunk: Hunk, depth: number, shape: Shape): string[] {
  if (depth === 0) {
    // A header continued from the context (`unsigned long *end)` after `...(struct vm_area_struct *vma,`).
    return shape.unmatchedParens > 0 && contextFunctionName(hunk.function) ? [hunk.function.trim()] : [];
  }
  const out = [completeHeader(hunk.function) ?? UNKNOWN_FUNCTION, '{', gapMarker(REASON.before)];
  for (let i = 1; i < depth; i++) out.push('{', gapMarker(REASON.deeper));
  return out;
}

/** The synthetic lines that move from the open depth `from` to `to` across a gap between hunks. */
function prefixBetween(from: number, to: number, shape: Shape): string[] {
  const out = [gapMarker(REASON.between)];
  for (let d = from; d > to; d--) out.push('}');
  for (let d = from; d < to; d++) out.push('{');
  if (from !== to) out.push(gapMarker(REASON.between));
  if (shape.unmatchedParens > 0) out.push('__mmreview_truncated('.repeat(shape.unmatchedParens));
  return out;
}

/** Parses a hunk placed after `prefix` and returns how many errors remain. */
function probeErrors(start: LexState, prefix: string[], texts: string[], shape: Shape): number {
  const b = new TextBuilder();
  b.state = { ...start, groups: [...start.groups] };
  const body = [...prefix, ...(shape.commentTail ? ['/*'] : []), ...texts];
  for (const opener of unmatchedClosers(body, b.state)) b.add(opener ? `#ifdef ${opener}` : '#if 1');
  body.forEach((t) => b.add(t));
  b.closeOpenCode(REASON.after);
  b.closeGroups();
  const header = start.depth > 0 ? 'void __mmreview_probe(void)\n' + '{\n'.repeat(start.depth) : '';
  return parseBadness(header + b.text());
}

function pickBest(start: LexState, candidates: number[], prefixFor: (d: number) => string[], texts: string[], shape: Shape): number {
  let best = candidates[0];
  let bestErrors = Infinity;
  for (const d of candidates) {
    const errors = probeErrors(start, prefixFor(d), texts, shape);
    if (errors < bestErrors) {
      best = d;
      bestErrors = errors;
    }
  }
  return best;
}

/**
 * The depth a hunk starts at when it closes `need` blocks: `need`, or one
 * more when statements follow the close. Parsed only when the line classes
 * do not tell.
 */
function depthForClosing(need: number, texts: string[], shape: Shape, probe: (candidates: number[]) => number): number {
  const after = classAfterClosing(texts, need, shape.commentTail);
  if (after === 'statement') return need + 1;
  if (after === 'either') return probe([need, need + 1]);
  return need;
}

/** Decides the synthetic prefix for a hunk, given what the text before it left open. */
function planPrefix(b: TextBuilder, hunk: Hunk, texts: string[], shape: Shape, first: boolean): string[] {
  const s = b.state;
  const open = s.functionName || (s.depth === 0 && s.parens > 0 ? s.headerName : '');
  const continuing = !first && open !== '' && contextFunctionName(hunk.function) === open;
  const need = shape.unmatchedBraces;
  if (continuing) {
    if (s.depth === 0) {
      // The previous hunk stopped in this function's header.
      b.add((/[(,]/.test(b.lastSignificant) ? '...' : ', ...') + ')'.repeat(s.parens));
      s.parens = 0;
      b.add('{');
    }
    const from = s.depth;
    const start = b.snapshot();
    const probe = (c: number[]) => pickBest(start, c, (d) => prefixBetween(from, d, shape), texts, shape);
    const depth = need < from ? from : depthForClosing(Math.max(need, 1), texts, shape, probe);
    return prefixBetween(from, depth, shape);
  }
  if (!first || s.depth > 0 || s.parens > 0 || s.inComment) b.closeOpenCode(REASON.after);
  const start = b.snapshot();
  const probe = (c: number[]) => pickBest(start, c, (d) => prefixAtFileLevel(hunk, d, shape), texts, shape);
  if (need > 0) return prefixAtFileLevel(hunk, depthForClosing(need, texts, shape, probe), shape);
  if (completeHeader(hunk.function) === null) return prefixAtFileLevel(hunk, 0, shape);
  const cls = firstCodeClass(texts, 0, shape.commentTail);
  const depth = cls === 'statement' ? 1 : cls === 'either' ? probe([0, 1]) : 0;
  return prefixAtFileLevel(hunk, depth, shape);
}

function appendHunk(b: TextBuilder, hunk: Hunk, lines: VisibleLine[], first: boolean): void {
  const texts = lines.map((l) => l.text);
  const shape = shapeOf(texts);
  const prefix = planPrefix(b, hunk, texts, shape, first);
  const body = [...prefix, ...(shape.commentTail ? ['/*'] : []), ...texts];
  for (const opener of unmatchedClosers(body, b.state).reverse()) b.add(opener ? `#ifdef ${opener}` : '#if 1');
  prefix.forEach((t) => b.add(t));
  if (shape.commentTail) b.add('/*');
  for (const line of lines) {
    if (line.gapBefore) b.gap(REASON.elided);
    b.add(line.text, line.sources, line.kind);
  }
}

export function rebuildFile(file: FileDiff, image: Image): RebuiltFile {
  const b = new TextBuilder(/\.h$/.test(file.path));
  let first = true;
  for (const hunk of file.hunks) {
    const lines = visibleLines(hunk, image);
    if (lines.length === 0) continue;
    appendHunk(b, hunk, lines, first);
    first = false;
  }
  b.closeOpenCode(REASON.after);
  b.closeGroups();
  const lineStarts: number[] = [];
  let offset = 0;
  for (const l of b.lines) {
    lineStarts.push(offset);
    offset += l.text.length + 1;
  }
  return { lines: b.lines, text: b.text(), lineStarts };
}

/** Line index of an offset in a rebuilt text. */
export function lineAt(file: RebuiltFile, offset: number): number {
  let lo = 0;
  let hi = file.lineStarts.length - 1;
  while (lo < hi) {
    const mid = (lo + hi + 1) >> 1;
    if (file.lineStarts[mid] <= offset) lo = mid;
    else hi = mid - 1;
  }
  return lo;
}
