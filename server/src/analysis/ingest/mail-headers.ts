/**
 * RFC 5322 header blocks: unfolding, lookup, RFC 2047 encoded-word decoding
 * and Content-Type parameters. libmime does the decoding because encoded
 * words come in many charsets and both Q and B forms.
 *
 * libmime is loaded on first use only: initialising it builds charset tables
 * (about 80 ms, a tenth of a cold `mmreview check`), and most mail needs
 * neither encoded words nor anything beyond a plain `type/subtype; k=v`
 * Content-Type, which is read here directly.
 */
import type LibMime from 'libmime';

let libmimeModule: typeof LibMime | undefined;

function libmime(): typeof LibMime {
  if (!libmimeModule) {
    // A plain require, so the bundle initialises libmime only when this runs.
    const m = require('libmime') as typeof LibMime & { default?: typeof LibMime };
    libmimeModule = m.default ?? m;
  }
  return libmimeModule;
}

export interface HeaderBlock {
  /** Lower-cased header name -> unfolded values, in order of appearance. */
  fields: Map<string, string[]>;
  /** Index of the first line after the block (the blank separator, or the end). */
  endIndex: number;
}

const HEADER_LINE = /^([!-9;-~]+):[ \t]?(.*)$/;

export function isHeaderLine(text: string): boolean {
  return HEADER_LINE.test(text) && !/^(https?|ftp|mailto):/i.test(text);
}

/** Names that make a block of `Name: value` lines a mail (or git) header block. */
const MAIL_HEADER_NAMES = new Set([
  'from', 'subject', 'date', 'message-id', 'to', 'cc', 'return-path', 'received', 'delivered-to',
  'mime-version', 'content-type', 'in-reply-to', 'references', 'x-mailer', 'list-id', 'author',
]);

/**
 * Reads `Name: value` lines (with folded continuations) from lines[from] on,
 * stopping at the first blank line or the first line that is neither.
 */
export function readHeaderBlock(lines: readonly string[], from: number, limit: number): HeaderBlock {
  const fields = new Map<string, string[]>();
  let lastName: string | null = null;
  let i = from;
  for (; i < limit; i++) {
    const text = lines[i];
    if (text.trim() === '') break;
    if ((text.startsWith(' ') || text.startsWith('\t')) && lastName !== null) {
      const values = fields.get(lastName)!;
      values[values.length - 1] += ' ' + text.trim();
      continue;
    }
    const m = HEADER_LINE.exec(text);
    if (!m) break;
    lastName = m[1].toLowerCase();
    const values = fields.get(lastName) ?? [];
    values.push(m[2].trim());
    fields.set(lastName, values);
  }
  return { fields, endIndex: i };
}

/** True when the block holds at least one header a mail or a commit would have. */
export function looksLikeMailHeaders(block: HeaderBlock): boolean {
  for (const name of block.fields.keys()) if (MAIL_HEADER_NAMES.has(name)) return true;
  return false;
}

export function headerValue(block: HeaderBlock, name: string): string | undefined {
  return block.fields.get(name)?.[0];
}

/** Decodes `=?charset?Q?...?=` words; returns the input unchanged when it cannot. */
export function decodeEncodedWords(value: string): string {
  if (!value.includes('=?')) return value;
  try {
    return libmime().decodeWords(value);
  } catch {
    return value;
  }
}

export interface ContentType {
  mimeType: string;
  charset: string;
  boundary?: string;
}

/** `type/subtype` and `; name=value` parameters with token or simple quoted values: no comments, escapes or RFC 2231. */
const SIMPLE_CONTENT_TYPE = /^\s*([!#$%&'*+.^`|~\w-]+\/[!#$%&'*+.^`|~\w-]+)\s*((?:;\s*[!#$%&'+.^`|~\w-]+\s*=\s*(?:"[^"\\\r\n]*"|[!#$%&'*+.^`|~\w-]+)\s*)*);?\s*$/;
const SIMPLE_PARAM = /;\s*([!#$%&'+.^`|~\w-]+)\s*=\s*(?:"([^"]*)"|([^\s;"]+))/g;

/** The common Content-Type read without libmime; undefined when it needs the full parser. */
function parseSimpleContentType(value: string): ContentType | undefined {
  const m = SIMPLE_CONTENT_TYPE.exec(value);
  if (!m) return undefined;
  const params: Record<string, string> = {};
  for (const p of m[2].matchAll(SIMPLE_PARAM)) {
    const name = p[1].toLowerCase();
    // A repeated parameter is odd enough to leave to libmime's rules.
    if (name in params) return undefined;
    params[name] = p[2] ?? p[3];
  }
  return { mimeType: m[1].toLowerCase(), charset: (params.charset || 'utf-8').toLowerCase(), boundary: params.boundary };
}

export function parseContentType(value: string | undefined): ContentType {
  if (!value) return { mimeType: 'text/plain', charset: 'utf-8' };
  const simple = parseSimpleContentType(value);
  if (simple) return simple;
  try {
    const parsed = libmime().parseHeaderValue(value);
    const params = parsed.params as Record<string, string | undefined>;
    return {
      mimeType: String(parsed.value || 'text/plain').toLowerCase(),
      charset: (params.charset || 'utf-8').toLowerCase(),
      boundary: params.boundary,
    };
  } catch {
    return { mimeType: 'text/plain', charset: 'utf-8' };
  }
}

export type TransferEncoding = 'plain' | 'quoted-printable' | 'base64';

export function parseTransferEncoding(value: string | undefined): TransferEncoding {
  const v = (value ?? '').trim().toLowerCase();
  if (v === 'quoted-printable') return 'quoted-printable';
  if (v === 'base64') return 'base64';
  return 'plain';
}
