/**
 * Builds one hunk from the lines quoted at the patch's depth, and decides for
 * each line whether it still belongs to the hunk. Mangled mail is the norm:
 * context lines lose their leading space, long lines wrap, counts stop adding
 * up. The `@@` counts are the best evidence of where a hunk ends, so they are
 * used while they hold, and shape heuristics take over when they do not.
 */
import type { Comment, Hunk, LineKind, PatchLine } from './types.js';
import { isMailHeaderLine, isSignature, looksLikeCode, looksLikeProse } from './diff-syntax.js';
import { spanOf, type SourceLine } from './source-lines.js';

/** What a hunk makes of one line at the patch depth. */
export type HunkVerdict = 'line' | 'skip' | 'close' | 'end-patch';

/** Archive and mailer wrap widths start around here; shorter lines were not wrapped. */
const WRAP_WIDTH = 72;

export class HunkBuilder {
  oldSeen = 0;
  newSeen = 0;
  /** Empty lines at patch depth that are context only if the hunk goes on after them. */
  private blanks: SourceLine[] = [];
  private lastSource: SourceLine | null = null;

  constructor(
    readonly hunk: Hunk,
    private readonly headerless: boolean,
  ) {}

  get lastLine(): PatchLine | undefined {
    return this.hunk.lines[this.hunk.lines.length - 1];
  }

  private get countsFull(): boolean {
    return !this.headerless && this.oldSeen >= this.hunk.oldLines && this.newSeen >= this.hunk.newLines;
  }

  private wouldOverflow(kind: LineKind): boolean {
    if (this.headerless) return false;
    const old = kind !== 'added' ? 1 : 0;
    const neu = kind !== 'removed' ? 1 : 0;
    return this.oldSeen + old > this.hunk.oldLines || this.newSeen + neu > this.hunk.newLines;
  }

  /** Classifies and, when it belongs here, records one line at the patch depth. */
  take(src: SourceLine, gapBefore: boolean): HunkVerdict {
    const c = src.content;
    if (c.startsWith('-- ') && c.length === 3) return 'end-patch';
    if (isSignature(c) && (this.countsFull || this.headerless)) return 'end-patch';
    if (isMailHeaderLine(c)) return 'end-patch';
    const first = c.charCodeAt(0);
    if (first === 92 /* \ */) return 'skip';
    if (c === '') return this.takeEmpty(src, gapBefore);
    if (first === 43 /* + */ || first === 45 /* - */ || first === 32 /* space */) {
      if (this.countsFull && looksLikeProse(c.slice(1))) return 'close';
      // A fragment has no counts to vouch for its lines: a bullet list is not code.
      if (this.headerless && c.slice(1).trim() !== '' && !looksLikeCode(c.slice(1))) return 'close';
      const kind: LineKind = first === 43 ? 'added' : first === 45 ? 'removed' : 'context';
      this.push(src, kind, 1, gapBefore, false);
      return 'line';
    }
    return this.takeUnmarked(src, gapBefore);
  }

  private takeEmpty(src: SourceLine, gapBefore: boolean): HunkVerdict {
    if (this.headerless || this.wouldOverflow('context')) {
      // Maybe the blank line after the quote rather than an empty context line: decide later.
      this.blanks.push(src);
      return 'skip';
    }
    this.push(src, 'context', 0, gapBefore, false);
    return 'line';
  }

  /** A line without a diff marker: a wrapped tail, a context line that lost its space, or the end. */
  private takeUnmarked(src: SourceLine, gapBefore: boolean): HunkVerdict {
    const c = src.content;
    if (this.isWrappedTail(c)) {
      this.push(src, this.lastLine!.kind, 0, false, true);
      return 'line';
    }
    if (this.headerless) {
      if (!looksLikeCode(c)) return 'close';
    } else if (this.countsFull || looksLikeProse(c)) {
      return 'close';
    }
    this.push(src, 'context', 0, gapBefore, false);
    return 'line';
  }

  private isWrappedTail(c: string): boolean {
    const prev = this.lastLine;
    const prevSrc = this.lastSource;
    if (!prev || !prevSrc || prev.kind === 'context' || this.blanks.length > 0) return false;
    if (!this.headerless && this.wouldOverflow('context')) return true;
    const prevLong = prevSrc.text.length >= WRAP_WIDTH;
    return prevLong && !/[;{}]\s*$|\*\/\s*$/.test(prev.text) && !/^\s/.test(c) && !looksLikeProse(c);
  }

  /** Records a hunk line; `skip` is the width of its diff marker. */
  private push(src: SourceLine, kind: LineKind, skip: number, gapBefore: boolean, continuation: boolean): void {
    this.flushBlanks();
    const from = src.contentStart + skip;
    const line: PatchLine = {
      kind,
      text: src.text.slice(from),
      span: spanOf(src, from, src.text.length),
      exact: src.exact,
      lineSpan: src.lineSpan,
      line: src.line,
      comments: [],
      gapBefore,
    };
    if (continuation) line.continuation = true;
    else this.count(kind);
    this.hunk.lines.push(line);
    this.lastSource = src;
  }

  private count(kind: LineKind): void {
    if (kind !== 'added') this.oldSeen++;
    if (kind !== 'removed') this.newSeen++;
  }

  /** The blank lines seen so far were inside the hunk after all: keep them as empty context. */
  private flushBlanks(): void {
    const blanks = this.blanks;
    if (blanks.length === 0) return;
    this.blanks = [];
    for (const src of blanks) {
      this.hunk.lines.push({
        kind: 'context',
        text: '',
        span: spanOf(src, src.contentStart, src.text.length),
        exact: src.exact,
        lineSpan: src.lineSpan,
        line: src.line,
        comments: [],
        gapBefore: false,
      });
      this.count('context');
      this.lastSource = src;
    }
  }

  /** Finishes the hunk: trailing blanks are dropped and the counts are compared. */
  close(): Hunk {
    this.blanks = [];
    const h = this.hunk;
    if (this.headerless) {
      h.oldLines = this.oldSeen;
      h.newLines = this.newSeen;
      h.countsMismatch = false;
    } else {
      h.countsMismatch = h.countsMismatch || this.oldSeen !== h.oldLines || this.newSeen !== h.newLines;
    }
    return h;
  }
}

export function toComment(src: SourceLine): Comment {
  return { text: src.content, span: spanOf(src, src.contentStart, src.text.length), quoteDepth: src.depth };
}
