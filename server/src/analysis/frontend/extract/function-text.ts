/**
 * The text of one function cut out of a rebuilt file, and the maps from its
 * lines to the document: exact for the quote the text came from, and by
 * whitespace-normalized content for every other quote of the same function
 * (mail mangles indentation differently in each quote).
 */
import type { FunctionAst } from '../../../../../simulator/src/ast.js';
import type { LineMapping, OffsetMap } from '../types.js';
import type { RebuiltLine } from '../rebuild/text-builder.js';
import type { QuoteSide } from './candidates.js';

export interface FunctionText {
  text: string;
  lines: RebuiltLine[];
  lineStarts: number[];
  /** The function as lowered in the whole file, and where the text starts in that file. */
  source?: { ast: FunctionAst; offset: number };
}

export function functionText(side: QuoteSide): FunctionText {
  const lines = side.file.lines.slice(side.fn.startLine, side.fn.endLine + 1);
  const lineStarts: number[] = [];
  let offset = 0;
  for (const l of lines) {
    lineStarts.push(offset);
    offset += l.text.length + 1;
  }
  return { text: lines.map((l) => l.text).join('\n'), lines, lineStarts, source: { ast: side.fn.ast, offset: side.file.lineStarts[side.fn.startLine] ?? 0 } };
}

/** Maps of a line to its own sources: a joined (wrapped) line maps piece by piece. */
function ownLineMappings(line: RebuiltLine, textStart: number): LineMapping[] {
  const out: LineMapping[] = [];
  let pos = textStart;
  for (const src of line.sources) {
    out.push({ textStart: pos, textLength: src.text.length, doc: { ...src.span }, exact: src.exact });
    pos += src.text.length + 1;
  }
  return out;
}

/** The map of a function text onto the quote it was cut from. */
export function ownMap(ft: FunctionText): OffsetMap {
  return { lines: ft.lines.flatMap((l, i) => ownLineMappings(l, ft.lineStarts[i])) };
}

export function normalize(s: string): string {
  return s.replace(/\s+/g, '');
}

/**
 * Maps the lines of `target` (the text a ChangedFunction keeps) to where
 * another quote shows the same lines: each quoted line is matched, in order,
 * to the next target line with the same non-blank characters.
 */
export function mapOnto(target: FunctionText, other: FunctionText): OffsetMap {
  // Synthetic lines (gap markers, completed headers) are never quoted; tree lines are real code.
  const normalized = target.lines.map((l) => (l.kind === 'synthetic' ? '' : normalize(l.text)));
  const lines: LineMapping[] = [];
  let cursor = 0;
  for (const line of other.lines) {
    if (line.sources.length === 0) continue;
    const want = normalize(line.text);
    if (!want) continue;
    let found = -1;
    for (let i = cursor; i < normalized.length; i++) {
      if (normalized[i] === want) {
        found = i;
        break;
      }
    }
    if (found < 0) continue;
    cursor = found + 1;
    const src = line.sources[0];
    const exact = line.sources.length === 1 && src.exact && line.text === target.lines[found].text;
    lines.push({ textStart: target.lineStarts[found], textLength: target.lines[found].text.length, doc: { ...src.span }, exact });
  }
  return { lines };
}

/** 0-based document lines a function text quotes. */
export function documentLines(ft: FunctionText | undefined): number[] {
  return ft ? ft.lines.flatMap((l) => l.sources.map((s) => s.line)) : [];
}

/** How many lines of real code (not synthetic, not blank) the text shows. */
export function visibleCodeLines(ft: FunctionText | undefined): number {
  return ft ? ft.lines.filter((l) => l.sources.length > 0 && l.text.trim() !== '').length : 0;
}
