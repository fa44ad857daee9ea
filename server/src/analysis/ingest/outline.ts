/**
 * The outline of a PatchSet: messages -> patches -> files -> hunks with
 * 1-based document lines. One structure feeds `mmreview parse` (text and
 * JSON) and the golden fixtures, so they can never disagree.
 */
import { LineIndex } from '../line-index.js';
import type { FileDiff, Hunk, Message, Patch, PatchSet } from './types.js';

export interface HunkOutline {
  header: string;
  function: string;
  startLine: number;
  endLine: number;
  added: number;
  removed: number;
  context: number;
  countsMismatch: boolean;
  headerless: boolean;
  comments: number;
  gaps: number;
}

export interface FileOutline {
  path: string;
  oldPath: string | null;
  newPath: string | null;
  inferred: boolean;
  inferredFrom?: string;
  quoteDepth: number;
  hunks: HunkOutline[];
}

export interface PatchOutline {
  quoteDepth: number;
  startLine: number;
  endLine: number;
  files: FileOutline[];
}

export interface MessageOutline {
  subject: string;
  author: string | null;
  date: string | null;
  messageId: string | null;
  encoding: Message['encoding'];
  startLine: number;
  patches: PatchOutline[];
}

export interface Outline {
  messages: MessageOutline[];
  notes: string[];
}

export function outlinePatchSet(set: PatchSet, text: string): Outline {
  const index = new LineIndex(text);
  const lineOf = (offset: number) => index.positionAt(offset).line + 1;
  const hunk = (h: Hunk): HunkOutline => {
    const last = h.lines[h.lines.length - 1];
    return {
      header: h.header,
      function: h.function,
      startLine: lineOf(h.headerSpan.start),
      endLine: last ? last.line + 1 : lineOf(h.headerSpan.end),
      added: h.lines.filter((l) => l.kind === 'added' && !l.continuation).length,
      removed: h.lines.filter((l) => l.kind === 'removed' && !l.continuation).length,
      context: h.lines.filter((l) => l.kind === 'context').length,
      countsMismatch: h.countsMismatch,
      headerless: h.headerless === true,
      comments: h.lines.reduce((n, l) => n + l.comments.length, 0),
      gaps: h.lines.filter((l) => l.gapBefore).length,
    };
  };
  const file = (f: FileDiff): FileOutline => ({
    path: f.path,
    oldPath: f.oldPath,
    newPath: f.newPath,
    inferred: f.inferred,
    ...(f.inferredFrom ? { inferredFrom: f.inferredFrom } : {}),
    quoteDepth: f.quoteDepth,
    hunks: f.hunks.map(hunk),
  });
  const patch = (p: Patch): PatchOutline => ({
    quoteDepth: p.quoteDepth,
    startLine: lineOf(p.span.start),
    endLine: lineOf(p.span.end),
    files: p.files.map(file),
  });
  return {
    messages: set.messages.map((m) => ({
      subject: m.subject,
      author: m.author ?? null,
      date: m.date ?? null,
      messageId: m.messageId ?? null,
      encoding: m.encoding,
      startLine: m.startLine + 1,
      patches: m.patches.map(patch),
    })),
    notes: [...set.notes],
  };
}

function hunkLine(h: HunkOutline): string {
  const flags = [
    h.headerless ? 'headerless' : '',
    h.countsMismatch ? 'counts-mismatch' : '',
    h.comments ? `comments=${h.comments}` : '',
    h.gaps ? `gaps=${h.gaps}` : '',
  ].filter(Boolean);
  const title = h.headerless ? '(fragment without @@)' : h.header;
  return `      hunk ${h.startLine}-${h.endLine} +${h.added} -${h.removed} ${title}${flags.length ? ` [${flags.join(' ')}]` : ''}`;
}

/** The human outline: one line per message, patch, file and hunk. */
export function formatOutline(outline: Outline): string {
  const out: string[] = [];
  outline.messages.forEach((m, i) => {
    const who = [m.author ? `from ${m.author}` : '', m.date ? `date ${m.date}` : '', m.encoding !== 'plain' ? m.encoding : '']
      .filter(Boolean)
      .join(', ');
    out.push(`message ${i + 1} line ${m.startLine}: ${m.subject || '(no subject)'}${who ? ` (${who})` : ''}`);
    for (const p of m.patches) {
      out.push(`  patch lines ${p.startLine}-${p.endLine} depth ${p.quoteDepth}`);
      for (const f of p.files) {
        const how = f.inferred ? ` (inferred from ${f.inferredFrom ?? 'context'})` : '';
        out.push(`    file ${f.path}${how}`);
        for (const h of f.hunks) out.push(hunkLine(h));
      }
    }
  });
  for (const note of outline.notes) out.push(`note: ${note}`);
  return out.join('\n') + '\n';
}
