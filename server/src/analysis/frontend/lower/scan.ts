/**
 * A light lexical scan of C text: preprocessor directive lines, identifiers
 * and brace depth, skipping comments, strings and character literals. The
 * masking step uses it to decide what lies inside a function body before
 * tree-sitter sees the text, so it must never fail on broken input.
 */

export interface Directive {
  /** Offset of the `#` and end of the directive (line continuations included, newline excluded). */
  start: number;
  end: number;
  /** Offset of the line start, so a whole directive line can be blanked. */
  lineStart: number;
  keyword: string;
  /** The text after the keyword, continuation backslashes removed. */
  rest: string;
  /** Brace depth where the directive stands: 0 at file level. */
  depth: number;
}

export interface Ident {
  start: number;
  end: number;
  name: string;
  depth: number;
}

export interface ScanResult {
  directives: Directive[];
  idents: Ident[];
}

const IDENT_START = /[A-Za-z_]/;
const IDENT_PART = /[A-Za-z0-9_]/;

/** Skips a comment or a string/char literal starting at `i`; returns the offset after it, or -1 when none starts there. */
export function skipCommentOrLiteral(text: string, i: number): number {
  const c = text[i];
  if (c === '/' && text[i + 1] === '/') {
    const nl = text.indexOf('\n', i);
    return nl < 0 ? text.length : nl;
  }
  if (c === '/' && text[i + 1] === '*') {
    const close = text.indexOf('*/', i + 2);
    return close < 0 ? text.length : close + 2;
  }
  if (c === '"' || c === "'") {
    let j = i + 1;
    while (j < text.length && text[j] !== c && text[j] !== '\n') j += text[j] === '\\' ? 2 : 1;
    return Math.min(text.length, j + 1);
  }
  return -1;
}

/** The offset of the next character that is not blank or inside a comment. */
export function skipBlank(text: string, i: number): number {
  while (i < text.length) {
    const c = text[i];
    if (c === ' ' || c === '\t' || c === '\n' || c === '\r' || c === '\f' || c === '\v') i++;
    else if (c === '/' && (text[i + 1] === '/' || text[i + 1] === '*')) i = skipCommentOrLiteral(text, i);
    else if (c === '\\' && (text[i + 1] === '\n' || text[i + 1] === '\r')) i++;
    else break;
  }
  return i;
}

/** Given the offset of `(`, the offset just after its matching `)`, or -1 when unbalanced. */
export function matchParen(text: string, open: number): number {
  let depth = 0;
  let i = open;
  while (i < text.length) {
    const skipped = skipCommentOrLiteral(text, i);
    if (skipped >= 0) {
      i = skipped;
      continue;
    }
    const c = text[i];
    if (c === '(') depth++;
    else if (c === ')' && --depth === 0) return i + 1;
    else if (c === ';' || c === '{' || c === '}') return -1;
    i++;
  }
  return -1;
}

/** The end of a directive line, following backslash continuations. */
function directiveEnd(text: string, i: number): number {
  let j = i;
  while (j < text.length) {
    const nl = text.indexOf('\n', j);
    if (nl < 0) return text.length;
    let k = nl;
    if (k > 0 && text[k - 1] === '\r') k--;
    if (k > 0 && text[k - 1] === '\\') {
      j = nl + 1;
      continue;
    }
    return k;
  }
  return text.length;
}

/**
 * Brace depth across conditional branches: each `#else`/`#elif` restarts
 * from the depth at its `#if`, and `#endif` keeps the depth the first branch
 * ended with, so `#ifdef X if (a) { #else if (b) { #endif` counts one brace.
 */
class DepthTracker {
  depth = 0;
  private frames: { start: number; firstEnd: number | null }[] = [];

  directive(keyword: string): void {
    if (keyword === 'if' || keyword === 'ifdef' || keyword === 'ifndef') {
      this.frames.push({ start: this.depth, firstEnd: null });
    } else if (keyword === 'else' || keyword === 'elif' || keyword === 'elifdef' || keyword === 'elifndef') {
      const top = this.frames[this.frames.length - 1];
      if (!top) return;
      if (top.firstEnd === null) top.firstEnd = this.depth;
      this.depth = top.start;
    } else if (keyword === 'endif') {
      const top = this.frames.pop();
      if (top && top.firstEnd !== null) this.depth = top.firstEnd;
    }
  }
}

function readDirective(text: string, i: number, lineStart: number, depth: number): Directive {
  const end = directiveEnd(text, i);
  const body = text.slice(i + 1, end).replace(/\\\r?\n/g, ' ');
  const m = /^\s*([A-Za-z_]\w*)?([\s\S]*)$/.exec(body);
  const keyword = m?.[1] ?? '';
  const rest = (m?.[2] ?? '').replace(/\/\*[\s\S]*?\*\/|\/\/.*$/g, ' ').trim();
  return { start: i, end, lineStart, keyword, rest, depth };
}

export function scanC(text: string): ScanResult {
  const directives: Directive[] = [];
  const idents: Ident[] = [];
  const tracker = new DepthTracker();
  let atLineStart = true;
  let lineStart = 0;
  let i = 0;
  while (i < text.length) {
    const c = text[i];
    if (c === '\n') {
      atLineStart = true;
      lineStart = ++i;
      continue;
    }
    if (c === ' ' || c === '\t' || c === '\r' || c === '\f' || c === '\v') {
      i++;
      continue;
    }
    if (c === '#' && atLineStart) {
      const d = readDirective(text, i, lineStart, tracker.depth);
      directives.push(d);
      tracker.directive(d.keyword);
      i = d.end;
      continue;
    }
    const skipped = skipCommentOrLiteral(text, i);
    if (skipped >= 0) {
      // A block comment alone keeps the line start, so `/* x */ #if` is rare enough to ignore.
      if (text[i + 1] !== '*') atLineStart = false;
      i = skipped;
      continue;
    }
    atLineStart = false;
    if (IDENT_START.test(c)) {
      let j = i + 1;
      while (j < text.length && IDENT_PART.test(text[j])) j++;
      idents.push({ start: i, end: j, name: text.slice(i, j), depth: tracker.depth });
      i = j;
      continue;
    }
    if (c >= '0' && c <= '9') {
      // Numbers such as 0x10UL must not produce an identifier "x10UL".
      let j = i + 1;
      while (j < text.length && /[A-Za-z0-9_.]/.test(text[j])) j++;
      i = j;
      continue;
    }
    if (c === '{') tracker.depth++;
    else if (c === '}') tracker.depth = Math.max(0, tracker.depth - 1);
    i++;
  }
  return { directives, idents };
}
