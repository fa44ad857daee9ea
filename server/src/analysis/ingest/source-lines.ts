/**
 * The physical lines that patch extraction walks over. A SourceLine is either
 * a slice of the document (exact: its offsets are document offsets) or a line
 * of a decoded MIME body (inexact: every offset maps to the encoded part).
 * Keeping both behind one shape lets the extractor ignore where text came from.
 */
import type { Span } from '../../../../simulator/src/span.js';
import type { LineIndex } from '../line-index.js';

export interface SourceLine {
  /** The line's text without its line break (mboxrd `>From` already unescaped). */
  text: string;
  /** Document offset of text[0] when exact; the encoded part's start otherwise. */
  start: number;
  /** 0-based document line (for decoded bodies: the first line of the part). */
  line: number;
  exact: boolean;
  /** Document span of the whole physical line, quote prefix included. */
  lineSpan: Span;
  /** Number of `>` quote markers in front of the content. */
  depth: number;
  /** Offset within `text` where the content after the quote prefix begins. */
  contentStart: number;
  /** `text` without its quote prefix. */
  content: string;
}

/** Cap on quote depth we bother to count; deeper prefixes are still skipped linearly. */
const MAX_COUNTED_DEPTH = 1_000_000;

const NO_QUOTE = { depth: 0, contentStart: 0 };

/**
 * Splits a quote prefix such as `> > `, `>>>>` or `>> > ` off a line. Each `>`
 * may be followed by one space, which belongs to the prefix; a second space
 * is content (the leading space of a quoted context line).
 */
export function parseQuotePrefix(text: string): { depth: number; contentStart: number } {
  if (text.charCodeAt(0) !== 62) return NO_QUOTE;
  let i = 0;
  let depth = 0;
  while (i < text.length && text.charCodeAt(i) === 62 /* > */) {
    depth = Math.min(depth + 1, MAX_COUNTED_DEPTH);
    i++;
    if (text.charCodeAt(i) === 32 && text.charCodeAt(i + 1) === 62) i++;
    else if (text.charCodeAt(i) === 32) {
      i++;
      break;
    }
  }
  return { depth, contentStart: i };
}

function makeLine(text: string, start: number, line: number, exact: boolean, lineSpan: Span): SourceLine {
  const { depth, contentStart } = parseQuotePrefix(text);
  const content = contentStart === 0 ? text : text.slice(contentStart);
  return { text, start, line, exact, lineSpan, depth, contentStart, content };
}

/** An exact line straight from the document, optionally skipping its first `skip` characters (mboxrd). */
export function documentLine(doc: string, index: LineIndex, line: number, skip = 0): SourceLine {
  const lineStart = index.lineStart(line);
  const lineEnd = index.lineEnd(line);
  const start = Math.min(lineStart + skip, lineEnd);
  return makeLine(doc.slice(start, lineEnd), start, line, true, { start: lineStart, end: lineEnd });
}

/** A line of decoded text; its positions all point at the encoded part it came from. */
export function decodedLine(text: string, partSpan: Span, partLine: number): SourceLine {
  return makeLine(text, partSpan.start, partLine, false, partSpan);
}

/** The document span of `text.slice(from, to)` of a source line. */
export function spanOf(src: SourceLine, from: number, to: number): Span {
  if (!src.exact) return { start: src.lineSpan.start, end: src.lineSpan.end };
  return { start: src.start + from, end: src.start + to };
}
