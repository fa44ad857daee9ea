/**
 * Finds the patches in one message body, at whatever quote depth they were
 * quoted. A patch lives at one depth; lines at other depths interrupt it
 * (reviewer comments) and are kept aside until the patch resumes at its own
 * depth, when they are attached to the patch line above them, or the patch
 * ends, when they are just the rest of the mail.
 */
import type { FileDiff, Hunk, Patch, PatchLine } from './types.js';
import {
  cleanPath,
  isDiffGitLine,
  isElision,
  isGitExtendedHeader,
  isNewFileHeader,
  isOldFileHeader,
  isSignature,
  looksLikeCode,
  parseDiffGitPaths,
  parseHunkHeader,
  type HunkRange,
} from './diff-syntax.js';
import { HunkBuilder, toComment } from './hunk-builder.js';
import { inferPath } from './infer-file.js';
import { spanOf, type SourceLine } from './source-lines.js';

export interface ExtractOptions {
  /** The message subject, a clue for the file of a headerless fragment. */
  subject: string;
}

/** How many lines a headerless `+` block needs before we believe it is code. */
const FRAGMENT_MIN_LINES = 3;
/** How far ahead we look for the statement that shows a fragment is code. */
const FRAGMENT_WINDOW = 8;

export function extractPatches(lines: readonly SourceLine[], options: ExtractOptions): Patch[] {
  const extractor = new PatchExtractor(lines, options);
  extractor.run();
  return extractor.patches;
}

class PatchExtractor {
  readonly patches: Patch[] = [];
  private patch: Patch | null = null;
  private depth = 0;
  private file: FileDiff | null = null;
  private builder: HunkBuilder | null = null;
  /** Lines at other depths (or blank) seen since the patch's last line. */
  private pending: SourceLine[] = [];
  /** The patch line the pending lines follow. */
  private anchor: PatchLine | undefined;
  private gap = false;
  /** The current file came from `diff --git` and its `---`/`+++` pair may still follow. */
  private awaitingPair = false;
  private lastPatchLine: PatchLine | undefined;
  private i = 0;

  constructor(
    private readonly lines: readonly SourceLine[],
    private readonly options: ExtractOptions,
  ) {}

  run(): void {
    while (this.i < this.lines.length) {
      const src = this.lines[this.i];
      if (this.patch === null) this.tryStart(src);
      else if (src.depth === this.depth) this.atPatchDepth(src);
      else this.offPatchDepth(src);
      this.i++;
    }
    this.endPatch();
  }

  private next(offset = 1): SourceLine | undefined {
    return this.lines[this.i + offset];
  }

  /** `--- a/x` directly followed by `+++ b/x` at the same depth. */
  private isFileHeaderPair(src: SourceLine): boolean {
    const next = this.next();
    return isOldFileHeader(src.content) && next !== undefined && next.depth === src.depth && isNewFileHeader(next.content);
  }

  private isStrongStart(src: SourceLine): boolean {
    return isDiffGitLine(src.content) || parseHunkHeader(src.content) !== null || this.isFileHeaderPair(src);
  }

  private tryStart(src: SourceLine): void {
    if (this.isStrongStart(src)) {
      this.openPatch(src);
      this.atPatchDepth(src);
    } else if (this.isFragmentStart(src)) {
      this.openPatch(src);
      this.openFile(null, null, src, true);
      this.openHunk(src, null);
      this.atPatchDepth(src);
    }
  }

  /**
   * A block of `+`/`-` lines that reads like C, quoted without any diff
   * header: at least FRAGMENT_MIN_LINES marker lines, nearly all code-like,
   * with a statement or brace among the first FRAGMENT_WINDOW of them.
   */
  private isFragmentStart(src: SourceLine): boolean {
    let markers = 0;
    let added = 0;
    let codeish = 0;
    let statement = false;
    for (let k = 0; k < FRAGMENT_WINDOW; k++) {
      const s = k === 0 ? src : this.next(k);
      if (!s || s.depth !== src.depth) break;
      const c = s.content;
      if (!/^[+-]/.test(c) || /^(\+\+\+|---)/.test(c)) break;
      markers++;
      if (c[0] === '+') added++;
      const code = c.slice(1);
      if (code.trim() === '' || looksLikeCode(code)) codeish++;
      if (/[;{}]/.test(code)) statement = true;
    }
    return markers >= FRAGMENT_MIN_LINES && added > 0 && codeish >= markers - 1 && statement;
  }

  private openPatch(src: SourceLine): void {
    this.depth = src.depth;
    this.patch = { quoteDepth: src.depth, files: [], span: { ...src.lineSpan } };
    this.lastPatchLine = undefined;
    this.pending = [];
    this.anchor = undefined;
    this.gap = false;
  }

  private extendPatch(src: SourceLine): void {
    if (this.patch) this.patch.span.end = Math.max(this.patch.span.end, src.lineSpan.end);
  }

  private atPatchDepth(src: SourceLine): void {
    const c = src.content;
    if (isDiffGitLine(c)) return this.startFileFromDiffGit(src);
    const range = parseHunkHeader(c);
    if (range) return this.startHunk(src, range);
    if (this.isFileHeaderPair(src) && !this.insideCountedHunk()) return this.startFileFromPair(src);
    if (isElision(c)) {
      this.gap = true;
      return;
    }
    if (this.builder) {
      const verdict = this.builder.take(src, this.gap);
      if (verdict === 'line') this.afterLine(src);
      else if (verdict === 'skip') this.extendPatch(src);
      else if (verdict === 'end-patch') return this.endPatch();
      else {
        this.closeHunk();
        this.betweenHunks(src);
      }
      return;
    }
    this.betweenHunks(src);
  }

  private insideCountedHunk(): boolean {
    const b = this.builder;
    return b !== null && !b.hunk.headerless && (b.oldSeen < b.hunk.oldLines || b.newSeen < b.hunk.newLines);
  }

  private afterLine(src: SourceLine): void {
    this.gap = false;
    this.lastPatchLine = this.builder?.lastLine;
    this.attachPending();
    this.extendPatch(src);
  }

  /** The patch resumed: the comments that interrupted it belong to the line above them. */
  private attachPending(): void {
    const anchor = this.anchor;
    const comments = this.pending;
    this.pending = [];
    this.anchor = undefined;
    if (!anchor) return;
    for (const p of comments) if (p.content.trim() !== '') anchor.comments.push(toComment(p));
  }

  /** Holds a line that interrupts the patch, remembering which patch line it follows. */
  private holdPending(src: SourceLine): void {
    if (this.pending.length === 0) this.anchor = this.builder?.lastLine ?? this.lastLineOfPatch();
    this.pending.push(src);
  }

  /** The last line recorded in the current patch (kept, not searched for, to stay linear). */
  private lastLineOfPatch(): PatchLine | undefined {
    return this.lastPatchLine;
  }

  /** A line at patch depth outside any hunk: file header lines, or the end of the patch. */
  private betweenHunks(src: SourceLine): void {
    const c = src.content;
    if (this.file && this.file.hunks.length === 0 && !this.file.inferred && this.takeFileHeaderLine(src)) return;
    if (c.trim() === '') {
      this.holdPending(src);
      return;
    }
    if (isSignature(c)) return this.endPatch();
    // quilt and svn put `Index: path` and a rule of `=` before the next file's header.
    if (/^Index: \S/.test(c) || /^={20,}\s*$/.test(c)) {
      this.awaitingPair = false;
      return this.extendPatch(src);
    }
    this.endPatch();
    this.tryStart(src);
  }

  private takeFileHeaderLine(src: SourceLine): boolean {
    const c = src.content;
    const file = this.file!;
    if (isGitExtendedHeader(c)) {
      if (c.startsWith('Binary files ')) this.awaitingPair = false;
      const rename = /^rename (from|to) (.+)$/.exec(c);
      if (rename && rename[1] === 'from') file.oldPath = cleanPath(rename[2]);
      if (rename && rename[1] === 'to') file.path = file.newPath = cleanPath(rename[2]) ?? file.path;
      this.extendPatch(src);
      return true;
    }
    if (isOldFileHeader(c) || isNewFileHeader(c)) {
      const path = cleanPath(c.slice(4));
      if (c[0] === '-') file.oldPath = path;
      else file.newPath = path;
      file.path = file.newPath ?? file.oldPath ?? file.path;
      this.extendPatch(src);
      return true;
    }
    return false;
  }

  private offPatchDepth(src: SourceLine): void {
    if (this.isStrongStart(src)) {
      this.endPatch();
      return this.tryStart(src);
    }
    if (isElision(src.content)) this.gap = true;
    else this.holdPending(src);
  }

  private startFileFromDiffGit(src: SourceLine): void {
    const { oldPath, newPath } = parseDiffGitPaths(src.content);
    this.resumeWithStructure(src);
    this.openFile(oldPath, newPath, src, false);
    this.awaitingPair = true;
  }

  private startFileFromPair(src: SourceLine): void {
    const plus = this.next()!;
    let oldPath = cleanPath(src.content.slice(4));
    let newPath = cleanPath(plus.content.slice(4));
    [oldPath, newPath] = stripQuiltPrefixes(oldPath, newPath);
    this.resumeWithStructure(src);
    const reuse = this.file && this.awaitingPair && this.file.hunks.length === 0;
    if (reuse) {
      this.file!.oldPath = oldPath;
      this.file!.newPath = newPath;
      this.file!.path = newPath ?? oldPath ?? this.file!.path;
    } else {
      this.openFile(oldPath, newPath, src, false);
    }
    this.awaitingPair = false;
    this.extendPatch(plus);
    this.i++;
  }

  /** The patch goes on with a structural line: comments since the last line attach to it. */
  private resumeWithStructure(src: SourceLine): void {
    this.closeHunk();
    this.attachPending();
    this.extendPatch(src);
  }

  private openFile(oldPath: string | null, newPath: string | null, src: SourceLine, inferred: boolean): void {
    this.closeFile();
    this.file = {
      path: newPath ?? oldPath ?? '',
      oldPath,
      newPath,
      inferred,
      quoteDepth: this.depth,
      hunks: [],
      headerSpan: inferred ? undefined : spanOf(src, src.contentStart, src.text.length),
    };
  }

  private startHunk(src: SourceLine, range: HunkRange): void {
    this.resumeWithStructure(src);
    if (!this.file) this.openFile(null, null, src, true);
    this.openHunk(src, range);
  }

  /** Opens a hunk at `src`; a null range means a headerless fragment starting at `src`. */
  private openHunk(src: SourceLine, range: HunkRange | null): void {
    const hunk: Hunk = {
      oldStart: range?.oldStart ?? 0,
      oldLines: range?.oldLines ?? 0,
      newStart: range?.newStart ?? 0,
      newLines: range?.newLines ?? 0,
      header: '',
      function: '',
      headerSpan: spanOf(src, src.contentStart, range ? src.text.length : src.contentStart),
      quoteDepth: this.depth,
      lines: [],
      countsMismatch: false,
    };
    if (range) this.readHunkHeader(src, range, hunk);
    else hunk.headerless = true;
    // An elision before a `@@` line only cut text between hunks; this hunk starts whole.
    if (range) this.gap = false;
    this.builder = new HunkBuilder(hunk, range === null);
    this.file!.hunks.push(hunk);
  }

  /** Fills header and function, joining a header the archive wrapped onto the next line. */
  private readHunkHeader(src: SourceLine, range: HunkRange, hunk: Hunk): void {
    hunk.header = src.content.trimEnd();
    hunk.function = src.content.slice(range.afterRanges).trim();
    const next = this.next();
    if (!next || !isWrappedHeaderTail(src, hunk.function, next)) return;
    const tail = next.content.trim();
    hunk.header = `${hunk.header} ${tail}`;
    hunk.function = hunk.function ? `${hunk.function} ${tail}` : tail;
    hunk.headerSpan = src.exact ? { start: hunk.headerSpan.start, end: spanOf(next, 0, next.text.length).end } : hunk.headerSpan;
    this.extendPatch(next);
    this.i++;
  }

  private closeHunk(): void {
    if (!this.builder) return;
    this.builder.close();
    this.builder = null;
  }

  private closeFile(): void {
    this.closeHunk();
    const file = this.file;
    if (!file) return;
    this.file = null;
    if (file.inferred) {
      const guess = inferPath(file.hunks, this.options.subject);
      file.path = guess.path;
      file.newPath = guess.path;
      file.oldPath = guess.path;
      file.inferredFrom = guess.inferredFrom;
    }
    this.patch!.files.push(file);
  }

  private endPatch(): void {
    if (!this.patch) return;
    this.closeFile();
    const patch = this.patch;
    this.patch = null;
    this.pending = [];
    this.anchor = undefined;
    this.gap = false;
    if (patch.files.some((f) => f.hunks.length > 0 || !f.inferred)) this.patches.push(patch);
  }
}

/**
 * A hunk header wrapped by the archive: the header line ends in a blank (the
 * wrap point) or leaves a parenthesis open at a wrap-worthy width, and the
 * next line at the same depth carries no diff marker and is no statement.
 */
function isWrappedHeaderTail(src: SourceLine, fn: string, next: SourceLine): boolean {
  if (next.depth !== src.depth || fn === '') return false;
  const c = next.content;
  if (c.trim() === '' || /^[+\- \\@]/.test(c) || isDiffGitLine(c) || isElision(c)) return false;
  if (/\s$/.test(src.text)) return true;
  const open = (fn.match(/\(/g) ?? []).length > (fn.match(/\)/g) ?? []).length;
  return open && src.text.length >= 72 && !/;\s*$/.test(c) && !/\{\s*$/.test(c);
}

/** quilt writes `--- linux.orig/mm/x.c` / `+++ linux/mm/x.c`: drop the differing top directory. */
function stripQuiltPrefixes(oldPath: string | null, newPath: string | null): [string | null, string | null] {
  if (!oldPath || !newPath) return [oldPath, newPath];
  const o = oldPath.indexOf('/');
  const n = newPath.indexOf('/');
  if (o > 0 && n > 0 && oldPath.slice(0, o) !== newPath.slice(0, n) && oldPath.slice(o) === newPath.slice(n)) {
    return [oldPath.slice(o + 1), newPath.slice(n + 1)];
  }
  return [oldPath, newPath];
}
