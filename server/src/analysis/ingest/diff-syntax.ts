/**
 * Recognizers for the pieces of unified-diff syntax, applied to a line's
 * content after its quote prefix. They are deliberately forgiving, because
 * web archives collapse tabs, strip trailing blanks and drop leading spaces.
 */

export interface HunkRange {
  oldStart: number;
  oldLines: number;
  newStart: number;
  newLines: number;
  /** Offset in the content just after the second `@@`. */
  afterRanges: number;
}

const HUNK_HEADER = /^@@ -(\d+)(?:,(\d+))? \+(\d+)(?:,(\d+))? @@/;

export function parseHunkHeader(content: string): HunkRange | null {
  const m = HUNK_HEADER.exec(content);
  if (!m) return null;
  return {
    oldStart: Number(m[1]),
    oldLines: m[2] === undefined ? 1 : Number(m[2]),
    newStart: Number(m[3]),
    newLines: m[4] === undefined ? 1 : Number(m[4]),
    afterRanges: m[0].length,
  };
}

export function isDiffGitLine(content: string): boolean {
  return content.startsWith('diff --git ') || content.startsWith('diff --cc ') || content.startsWith('diff -u');
}

/** `--- a/path` (the old-file header); only a header when a `+++` line follows. */
export function isOldFileHeader(content: string): boolean {
  return /^--- \S/.test(content);
}

export function isNewFileHeader(content: string): boolean {
  return /^\+\+\+ \S/.test(content);
}

/** The extended header lines git writes between `diff --git` and `---`. */
export function isGitExtendedHeader(content: string): boolean {
  return /^(index [0-9a-f]+\.\.[0-9a-f]+|(old|new|deleted file|new file) mode |similarity index |dissimilarity index |rename (from|to) |copy (from|to) |Binary files )/.test(
    content,
  );
}

/** Elision markers reviewers leave where they cut quoted text. */
export function isElision(content: string): boolean {
  return /^\s*(\[\s*(\.\.+|…|trim(med)?|snip(ped)?|cut|\.\.\. ?snip ?\.\.\.)\s*\]|<\s*(snip|trim)\s*>|\.\.\.|…)\s*$/i.test(content);
}

/** A mail signature separator (`-- `), as sent or with its trailing blank stripped. */
export function isSignature(content: string): boolean {
  return content === '-- ' || content === '--';
}

export function isMailHeaderLine(content: string): boolean {
  return /^(From|To|Cc|Subject|Date|Message-I[Dd]|In-Reply-To|References|Reply-To): /.test(content);
}

/** Strips `a/`, `b/` (and git's other mnemonic prefixes) and a trailing timestamp. */
export function cleanPath(raw: string): string | null {
  let p = raw.split('\t')[0].trim();
  if (p.startsWith('"') && p.endsWith('"') && p.length >= 2) p = p.slice(1, -1);
  if (p === '/dev/null') return null;
  // `diff -u` output puts a timestamp after the name; archives turn the tab into spaces.
  p = p.replace(/\s+\d{4}-\d\d-\d\d \d\d:\d\d:\d\d(\.\d+)?( [+-]\d{4})?$/, '');
  return p.replace(/^[abciwo12]\//, '');
}

/** Old and new path from a `diff --git a/X b/Y` line. */
export function parseDiffGitPaths(content: string): { oldPath: string | null; newPath: string | null } {
  const rest = content.replace(/^diff --(git|cc) /, '');
  const quoted = /^"([^"]+)" "([^"]+)"$/.exec(rest);
  if (quoted) return { oldPath: cleanPath(quoted[1]), newPath: cleanPath(quoted[2]) };
  // Paths may contain spaces; when both halves name the same file, split in the middle.
  const half = (rest.length - 1) / 2;
  if (Number.isInteger(half) && rest[half] === ' ') {
    const a = rest.slice(0, half);
    const b = rest.slice(half + 1);
    if (a.slice(2) === b.slice(2)) return { oldPath: cleanPath(a), newPath: cleanPath(b) };
  }
  const m = /^(\S+) (\S+)/.exec(rest);
  if (m) return { oldPath: cleanPath(m[1]), newPath: cleanPath(m[2]) };
  return { oldPath: null, newPath: null };
}

/**
 * English prose rather than code: used to decide that a quoted line at patch
 * depth without a diff marker ends the patch instead of being mangled context.
 */
export function looksLikeProse(content: string): boolean {
  const t = content.trim();
  if (t === '' || /^(\/\*|\*|\/\/|#)/.test(t)) return false;
  const words = t.split(/\s+/);
  if (/[;{}=]/.test(t) && !/[.?!]$/.test(t)) return false;
  if (words.length >= 4 && /^[A-Z][a-z']*,?$/.test(words[0]) && /^[a-z]/.test(words[1])) return true;
  if (words.length >= 3 && /[a-z][.?!]$/.test(t) && !/[(){};]/.test(t)) return true;
  return /^(On .* wrote:|Thanks|Regards|Cheers|Acked-by:|Reviewed-by:|Signed-off-by:)/.test(t);
}

/** Code-like enough to be a context line of a fragment that has no `@@` counts to lean on. */
export function looksLikeCode(content: string): boolean {
  const t = content.trim();
  if (t === '' || looksLikeProse(t)) return false;
  return /[;{}(),*=#]/.test(t) || /^\w+:$/.test(t) || /^(else|do)$/.test(t);
}

/** The first line of a C function definition the line declares, if any. */
export function definedFunctionName(code: string): string | null {
  const m = /^(?:[A-Za-z_][\w ]*?[\s*]+)?([A-Za-z_]\w*)\s*\(/.exec(code.trim());
  if (!m) return null;
  const name = m[1];
  if (/^(if|for|while|switch|return|sizeof|do|else|case|goto)$/.test(name)) return null;
  // A definition starts at column 0 with a type; calls and statements are indented.
  if (!/^[A-Za-z_]/.test(code) || !/\s/.test(code.slice(0, code.indexOf(name)))) return null;
  return name;
}
