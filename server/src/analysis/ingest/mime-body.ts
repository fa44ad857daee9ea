/**
 * Turns a message body into the SourceLines that patch extraction reads.
 * Plain bodies map line for line onto the document, so every offset stays
 * exact. Quoted-printable and base64 bodies are decoded (with their charset)
 * and their lines point at the start of the encoded part. Multipart bodies
 * are split at their boundaries and every text part is read.
 */
import type { LineIndex } from '../line-index.js';
import {
  headerValue,
  parseContentType,
  parseTransferEncoding,
  readHeaderBlock,
  type HeaderBlock,
  type TransferEncoding,
} from './mail-headers.js';
import { decodedLine, documentLine, type SourceLine } from './source-lines.js';

export interface BodySegment {
  encoding: TransferEncoding;
  lines: SourceLine[];
}

export interface BodyContext {
  doc: string;
  index: LineIndex;
  /** Raw text of every document line. */
  rawLines: readonly string[];
  /** mbox bodies escape `From ` lines as `>From `; mboxrd adds one `>` per level. */
  mbox: boolean;
}

/** How deep multiparts may nest before we stop descending (pathological input). */
const MAX_MIME_DEPTH = 8;

export function readBody(ctx: BodyContext, headers: HeaderBlock | undefined, start: number, end: number): BodySegment[] {
  const out: BodySegment[] = [];
  readEntity(ctx, headers, start, end, 0, out);
  return out;
}

function readEntity(ctx: BodyContext, headers: HeaderBlock | undefined, start: number, end: number, depth: number, out: BodySegment[]): void {
  const type = parseContentType(headers && headerValue(headers, 'content-type'));
  const encoding = parseTransferEncoding(headers && headerValue(headers, 'content-transfer-encoding'));
  if (type.mimeType.startsWith('multipart/') && type.boundary && depth < MAX_MIME_DEPTH) {
    for (const part of splitMultipart(ctx.rawLines, type.boundary, start, end)) {
      const partHeaders = readHeaderBlock(ctx.rawLines, part.start, part.end);
      const bodyStart = Math.min(part.end, partHeaders.endIndex + 1);
      readEntity(ctx, partHeaders, bodyStart, part.end, depth + 1, out);
    }
    return;
  }
  if (!isTextual(type.mimeType, headers)) return;
  if (encoding === 'plain') out.push({ encoding, lines: plainLines(ctx, start, end) });
  else out.push({ encoding, lines: decodedLines(ctx, start, end, encoding, type.charset) });
}

/** Patches travel as text/plain, text/x-patch, text/x-diff, or octet-stream named *.patch/*.diff. */
function isTextual(mimeType: string, headers: HeaderBlock | undefined): boolean {
  if (mimeType.startsWith('text/') && mimeType !== 'text/html') return true;
  const disposition = (headers && headerValue(headers, 'content-disposition')) ?? '';
  const typeHeader = (headers && headerValue(headers, 'content-type')) ?? '';
  return /\.(patch|diff)\b/i.test(disposition + ' ' + typeHeader);
}

function splitMultipart(lines: readonly string[], boundary: string, start: number, end: number): { start: number; end: number }[] {
  const open = '--' + boundary;
  const close = open + '--';
  const parts: { start: number; end: number }[] = [];
  let partStart = -1;
  for (let i = start; i < end; i++) {
    const t = lines[i].trimEnd();
    if (t !== open && t !== close) continue;
    if (partStart >= 0) parts.push({ start: partStart, end: i });
    if (t === close) return parts;
    partStart = i + 1;
  }
  if (partStart >= 0) parts.push({ start: partStart, end });
  return parts;
}

function plainLines(ctx: BodyContext, start: number, end: number): SourceLine[] {
  const lines: SourceLine[] = [];
  for (let i = start; i < end; i++) {
    const escaped = ctx.mbox && /^>+From /.test(ctx.rawLines[i]);
    lines.push(documentLine(ctx.doc, ctx.index, i, escaped ? 1 : 0));
  }
  return lines;
}

function decodedLines(ctx: BodyContext, start: number, end: number, encoding: TransferEncoding, charset: string): SourceLine[] {
  if (start >= end) return [];
  const encoded = ctx.rawLines.slice(start, end).join('\n');
  const bytes = encoding === 'base64' ? decodeBase64(encoded) : decodeQuotedPrintable(encoded);
  const text = decodeCharset(bytes, charset);
  const partSpan = { start: ctx.index.lineStart(start), end: ctx.index.lineEnd(start) };
  return text.split(/\r\n|\r|\n/).map((t) => decodedLine(t, partSpan, start));
}

export function decodeQuotedPrintable(input: string): Uint8Array {
  // Soft line breaks (`=` at the end of a line) join lines; `=XX` is one byte.
  const text = input.replace(/[ \t]*=\r?\n/g, '');
  const bytes: number[] = [];
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (c === 61 /* = */ && /^[0-9A-Fa-f]{2}$/.test(text.slice(i + 1, i + 3))) {
      bytes.push(parseInt(text.slice(i + 1, i + 3), 16));
      i += 2;
    } else if (c < 0x80) {
      bytes.push(c);
    } else {
      for (const b of new TextEncoder().encode(text[i])) bytes.push(b);
    }
  }
  return Uint8Array.from(bytes);
}

export function decodeBase64(input: string): Uint8Array {
  const clean = input.replace(/[^A-Za-z0-9+/]/g, '');
  const usable = clean.slice(0, clean.length - (clean.length % 4 === 1 ? 1 : 0));
  try {
    const binary = atob(usable + '='.repeat((4 - (usable.length % 4)) % 4));
    const bytes = new Uint8Array(binary.length);
    for (let i = 0; i < binary.length; i++) bytes[i] = binary.charCodeAt(i);
    return bytes;
  } catch {
    return new Uint8Array(0);
  }
}

export function decodeCharset(bytes: Uint8Array, charset: string): string {
  try {
    return new TextDecoder(charset).decode(bytes);
  } catch {
    return new TextDecoder('utf-8').decode(bytes);
  }
}
