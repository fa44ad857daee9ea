/**
 * Follows C structure line by line while the frontend rebuilds a file from
 * hunks: brace and parenthesis depth, block comments, and the file-level
 * `#if` groups. It lets the rebuild tell where a hunk starts (inside a body,
 * inside a comment) and what must be closed at the end of a quote.
 */

export interface LexState {
  depth: number;
  parens: number;
  inComment: boolean;
  /** Open file-level conditional groups, innermost last: the directive text. */
  groups: string[];
  /** Identifier before the last `(` seen at depth 0: the name of a function whose header is being read. */
  headerName: string;
  /** Name of the function whose body is open (set when depth goes from 0 to 1). */
  functionName: string;
}

export interface LineInfo {
  /** Lowest brace depth reached on the line, relative to the state before it. */
  minDepth: number;
  minParens: number;
  directive?: string;
  /** The last character that is not blank or inside a comment, if any. */
  lastSignificant: string;
  /** True when the line opens like the tail of a block comment (a leading star) while no comment is known to be open. */
  looksLikeCommentTail: boolean;
}

export function initialState(depth = 0): LexState {
  return { depth, parens: 0, inComment: false, groups: [], headerName: '', functionName: '' };
}

export function cloneState(s: LexState): LexState {
  return { ...s, groups: [...s.groups] };
}

const IDENT = /[A-Za-z_]\w*/y;

/** Advances `s` over one line of code and reports what the line did. */
export function feedLine(s: LexState, text: string): LineInfo {
  const startDepth = s.depth;
  const startParens = s.parens;
  const info: LineInfo = { minDepth: 0, minParens: 0, lastSignificant: '', looksLikeCommentTail: !s.inComment && /^\s*\*(\/|\s|$)/.test(text) };
  const trimmed = text.trimStart();
  if (!s.inComment && trimmed.startsWith('#')) {
    const keyword = /^#\s*(\w*)/.exec(trimmed)?.[1] ?? '';
    info.directive = keyword;
    if (s.depth === 0) applyDirective(s, keyword, trimmed);
    return info;
  }
  let lastIdent = '';
  for (let i = 0; i < text.length; i++) {
    const c = text[i];
    if (s.inComment) {
      if (c === '*' && text[i + 1] === '/') {
        s.inComment = false;
        i++;
      }
      continue;
    }
    if (c === '/' && text[i + 1] === '*') {
      s.inComment = true;
      i++;
      continue;
    }
    if (c === '/' && text[i + 1] === '/') break;
    if (c === '"' || c === "'") {
      let j = i + 1;
      while (j < text.length && text[j] !== c) j += text[j] === '\\' ? 2 : 1;
      i = j;
      info.lastSignificant = c;
      continue;
    }
    if (/[A-Za-z_]/.test(c)) {
      IDENT.lastIndex = i;
      const m = IDENT.exec(text);
      lastIdent = m ? m[0] : c;
      i += lastIdent.length - 1;
      info.lastSignificant = lastIdent[lastIdent.length - 1];
      continue;
    }
    if (c === ' ' || c === '\t' || c === '\r') continue;
    info.lastSignificant = c;
    if (c === '(') {
      if (s.depth === 0 && s.parens === 0 && lastIdent) s.headerName = lastIdent;
      s.parens++;
    } else if (c === ')') {
      s.parens--;
      info.minParens = Math.min(info.minParens, s.parens - startParens);
    } else if (c === '{') {
      if (s.depth === 0) s.functionName = s.parens === 0 ? s.headerName : '';
      s.depth++;
      s.parens = Math.max(0, s.parens);
    } else if (c === '}') {
      s.depth--;
      info.minDepth = Math.min(info.minDepth, s.depth - startDepth);
      if (s.depth <= 0) {
        s.depth = Math.max(0, s.depth);
        s.functionName = '';
        s.headerName = '';
      }
    } else if (c === ';' && s.depth === 0) {
      s.headerName = '';
      s.parens = Math.max(0, s.parens);
    }
    if (c !== '(' && c !== ')' && !/\s/.test(c)) lastIdent = c === '*' ? lastIdent : '';
  }
  return info;
}

/** Tracks file-level conditional groups; an unmatched #else/#endif leaves the stack alone (the caller handles it). */
function applyDirective(s: LexState, keyword: string, text: string): void {
  if (keyword === 'if' || keyword === 'ifdef' || keyword === 'ifndef') s.groups.push(text.trim());
  else if (keyword === 'endif') s.groups.pop();
}

/**
 * File-level `#else`/`#elif`/`#endif` lines in `lines` that close a group
 * opened before them (not in `lines` and not in `openGroups`); each needs a
 * synthetic opener in front of the hunk. Returns the symbol each names, when
 * the directive's trailing comment names one (as kernel `#endif` lines do).
 */
export function unmatchedClosers(lines: string[], start: LexState): string[] {
  const s = cloneState(start);
  const missing: string[] = [];
  let open = s.groups.length;
  for (const line of lines) {
    const before = s.depth;
    const info = feedLine(s, line);
    if (!info.directive || before !== 0) continue;
    if (info.directive === 'if' || info.directive === 'ifdef' || info.directive === 'ifndef') open++;
    else if (info.directive === 'endif' || info.directive === 'else' || info.directive === 'elif') {
      if (open === 0) {
        missing.push(/\b(CONFIG_\w+|[A-Z_][A-Z0-9_]{3,})\b/.exec(line.replace(/^\s*#\s*\w+/, ''))?.[1] ?? '');
        if (info.directive !== 'endif') open++;
        else continue;
      }
      if (info.directive === 'endif') open--;
    }
  }
  return missing;
}
