/**
 * Unified diff hunks from a file's lines and a list of known edits. The
 * generator knows exactly what it changed, so no diff algorithm is needed:
 * edits become hunks with three lines of context, merged when their context
 * overlaps, with `@@` headers and git's default function context (the last
 * line before the hunk that starts with a letter, `_` or `$`).
 */
export interface FileEdit {
  /** Index in the pre-image before which `insert` goes, after removing `remove` lines from there. */
  at: number;
  remove: number;
  insert: string[];
}

const CONTEXT = 3;

function funcContext(pre: readonly string[], before: number): string {
  for (let i = before - 1; i >= 0; i--) {
    if (/^[A-Za-z_$]/.test(pre[i])) return ' ' + pre[i].slice(0, 80).trimEnd();
  }
  return '';
}

export interface Hunks {
  lines: string[];
  added: number;
  removed: number;
}

export function makeHunks(pre: readonly string[], editsIn: readonly FileEdit[]): Hunks {
  const edits = [...editsIn].sort((a, b) => a.at - b.at);
  const groups: FileEdit[][] = [];
  for (const e of edits) {
    const last = groups[groups.length - 1];
    const prev = last?.[last.length - 1];
    if (prev && e.at - (prev.at + prev.remove) <= 2 * CONTEXT) last.push(e);
    else groups.push([e]);
  }
  const out: string[] = [];
  let shift = 0; // post-image offset of everything before the current group
  let added = 0;
  let removed = 0;
  for (const g of groups) {
    const first = g[0];
    const last = g[g.length - 1];
    const start = Math.max(0, first.at - CONTEXT);
    const end = Math.min(pre.length, last.at + last.remove + CONTEXT);
    const body: string[] = [];
    let cursor = start;
    let groupShift = 0;
    for (const e of g) {
      for (; cursor < e.at; cursor++) body.push(' ' + pre[cursor]);
      for (let i = 0; i < e.remove; i++) body.push('-' + pre[cursor++]);
      for (const l of e.insert) body.push('+' + l);
      groupShift += e.insert.length - e.remove;
      added += e.insert.length;
      removed += e.remove;
    }
    for (; cursor < end; cursor++) body.push(' ' + pre[cursor]);
    const preCount = end - start;
    const postCount = preCount + groupShift;
    out.push(`@@ -${start + 1},${preCount} +${start + 1 + shift},${postCount} @@${funcContext(pre, start)}`, ...body);
    shift += groupShift;
  }
  return { lines: out, added, removed };
}

export function applyEdits(pre: readonly string[], editsIn: readonly FileEdit[]): string[] {
  const edits = [...editsIn].sort((a, b) => b.at - a.at);
  const post = [...pre];
  for (const e of edits) post.splice(e.at, e.remove, ...e.insert);
  return post;
}
