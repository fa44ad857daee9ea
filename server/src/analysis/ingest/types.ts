/**
 * The patch model that ingest builds from any document: messages -> patches
 * -> files -> hunks -> lines. Every position is a Span of UTF-16 offsets into
 * the document text, so later stages can map findings back exactly.
 */
import type { Span } from '../../../../simulator/src/span.js';

export interface PatchSet {
  messages: Message[];
  /** Human-readable notes about input that was only partly understood. */
  notes: string[];
}

export interface Message {
  subject: string;
  author?: string;
  date?: string;
  messageId?: string;
  /** 0-based document line where the message starts. */
  startLine: number;
  span: Span;
  /** How the body that holds the patch was transfer-encoded. */
  encoding: 'plain' | 'quoted-printable' | 'base64';
  patches: Patch[];
}

export interface Patch {
  /** Quote depth of the patch text: 0 for a patch as sent, 2 for `> > `. */
  quoteDepth: number;
  files: FileDiff[];
  span: Span;
}

export interface FileDiff {
  /** The path reviewers know the file by (the new path, or the old one for a deletion). */
  path: string;
  oldPath: string | null;
  newPath: string | null;
  /** True when no `diff --git`/`---`/`+++` header named the file and it was guessed. */
  inferred: boolean;
  /** Why the path was inferred, when it was: "subject prefix mm/hugetlb:", "@@ context"... */
  inferredFrom?: string;
  quoteDepth: number;
  hunks: Hunk[];
  /** The `diff --git` line, or the first header line seen. */
  headerSpan?: Span;
}

export interface Hunk {
  oldStart: number;
  oldLines: number;
  newStart: number;
  newLines: number;
  /** The whole `@@ ... @@ context` header, with a wrapped header joined onto one line. */
  header: string;
  /** The function context after the second `@@` (may be empty). */
  function: string;
  headerSpan: Span;
  quoteDepth: number;
  lines: PatchLine[];
  /** True when the lines seen do not add up to the header's counts (mangled or cut). */
  countsMismatch: boolean;
  /**
   * True for a fragment quoted without any `@@` line (a block of `+` lines):
   * header and function are empty and the ranges are 0 with the counts seen.
   */
  headerless?: boolean;
}

export type LineKind = 'added' | 'removed' | 'context';

export interface PatchLine {
  kind: LineKind;
  /** The code: the line without its quote prefix and without the diff marker. */
  text: string;
  /**
   * Where `text` sits in the document. When `exact` is true,
   * `document.slice(span.start, span.end) === text`; for decoded bodies
   * (quoted-printable, base64) it is the start of the encoded part.
   */
  span: Span;
  exact: boolean;
  /** Span of the whole physical line, quote prefix included. */
  lineSpan: Span;
  /** 0-based document line. */
  line: number;
  /** Reviewer comment lines that interrupt the quote right after this line. */
  comments: Comment[];
  /** True when an elision (`[..]`, `[trim]`) or missing text separates this line from the previous one. */
  gapBefore: boolean;
  /**
   * True when this physical line is the tail of the previous line, wrapped by a
   * mailer or archive: its text continues the previous line's code (join them
   * with one space) and it does not count towards the hunk's line counts.
   */
  continuation?: boolean;
}

export interface Comment {
  text: string;
  span: Span;
  quoteDepth: number;
}
