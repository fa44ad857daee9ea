/**
 * Ingest: any document (patch, mbox, mail, review reply, web-archive thread)
 * becomes a PatchSet whose every line keeps the document range it came from.
 * It never throws: whatever it could not understand becomes a note, and what
 * was parsed before the trouble is still returned.
 */
import { LineIndex } from '../line-index.js';
import { extractPatches } from './extract-patches.js';
import { readBody, type BodyContext } from './mime-body.js';
import { splitMessages, type MessageSlice } from './split-messages.js';
import type { Message, PatchSet } from './types.js';

export type * from './types.js';

export function ingest(text: string): PatchSet {
  const result: PatchSet = { messages: [], notes: [] };
  try {
    ingestInto(typeof text === 'string' ? text : String(text ?? ''), result);
  } catch (err) {
    result.notes.push(`ingest stopped early: ${err instanceof Error ? err.message : String(err)}`);
  }
  return result;
}

function ingestInto(text: string, result: PatchSet): void {
  if (text.includes('\u0000')) result.notes.push('the document contains NUL bytes; it may be binary');
  const index = new LineIndex(text);
  const rawLines: string[] = new Array(index.lineCount);
  for (let i = 0; i < index.lineCount; i++) rawLines[i] = text.slice(index.lineStart(i), index.lineEnd(i));
  for (const slice of splitMessages(rawLines)) {
    const ctx: BodyContext = { doc: text, index, rawLines, mbox: slice.form === 'mbox' };
    result.messages.push(readMessage(ctx, slice));
  }
  inferFromSiblingQuotes(result.messages);
}

/**
 * A thread often quotes the same patch several times, once with its headers
 * and once without. A fragment whose `@@` context matches a hunk of a file
 * named elsewhere in the document is that file: better evidence than any
 * table of well-known functions.
 */
function inferFromSiblingQuotes(messages: Message[]): void {
  const known = new Map<string, string>();
  const files = messages.flatMap((m) => m.patches.flatMap((p) => p.files));
  for (const f of files) {
    if (f.inferred) continue;
    for (const h of f.hunks) if (h.function && !known.has(h.function)) known.set(h.function, f.path);
  }
  for (const f of files) {
    if (!f.inferred) continue;
    const match = f.hunks.find((h) => h.function && known.has(h.function));
    if (!match) continue;
    const path = known.get(match.function)!;
    f.path = f.oldPath = f.newPath = path;
    f.inferredFrom = `@@ context of a quote elsewhere in the document that names ${path}`;
  }
}

function readMessage(ctx: BodyContext, slice: MessageSlice): Message {
  const { index } = ctx;
  const message: Message = {
    subject: slice.subject,
    startLine: slice.startLine,
    span: { start: index.lineStart(slice.startLine), end: index.lineEnd(Math.max(slice.startLine, slice.endLine - 1)) },
    encoding: 'plain',
    patches: [],
  };
  if (slice.author !== undefined) message.author = slice.author;
  if (slice.date !== undefined) message.date = slice.date;
  if (slice.messageId !== undefined) message.messageId = slice.messageId;
  let encodingSet = false;
  for (const segment of readBody(ctx, slice.headers, slice.bodyStart, slice.endLine)) {
    const patches = extractPatches(segment.lines, { subject: slice.subject });
    if (!encodingSet && (patches.length > 0 || segment.encoding !== 'plain')) {
      message.encoding = segment.encoding;
      encodingSet = patches.length > 0;
    }
    message.patches.push(...patches);
  }
  return message;
}
