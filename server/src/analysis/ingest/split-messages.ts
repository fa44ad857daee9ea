/**
 * Cuts a document into messages. A document may be an mbox (From_ lines, as
 * `git format-patch --stdout` and `b4 am` write), a single mail or
 * format-patch file (a header block at the top), `git show`/`git log -p`
 * output (`commit <sha>` blocks), a web-archive thread (a subject line, a
 * blank line, then `YYYY-MM-DD Thread Author` or `From:`/`Date:` lines), or
 * plain text; those forms may follow one another in one document.
 */
import {
  decodeEncodedWords,
  headerValue,
  looksLikeMailHeaders,
  readHeaderBlock,
  type HeaderBlock,
} from './mail-headers.js';

export type MessageForm = 'mbox' | 'mail' | 'git-commit' | 'archive' | 'plain';

export interface MessageSlice {
  form: MessageForm;
  startLine: number;
  /** Exclusive. */
  endLine: number;
  /** First line of the body. */
  bodyStart: number;
  subject: string;
  author?: string;
  date?: string;
  messageId?: string;
  /** The mail header block, for MIME handling; absent for archive and plain text. */
  headers?: HeaderBlock;
}

interface Boundary {
  line: number;
  form: MessageForm;
}

const MBOX_FROM = /^From \S+\s+(Mon|Tue|Wed|Thu|Fri|Sat|Sun) (Jan|Feb|Mar|Apr|May|Jun|Jul|Aug|Sep|Oct|Nov|Dec) [ \d]?\d \d\d:\d\d/;
const GIT_COMMIT = /^commit [0-9a-f]{7,40}\b/;
const THREAD_DATE = /^(\d{4}-\d\d-\d\d) Thread (.+)$/;

function isBlank(text: string | undefined): boolean {
  return text !== undefined && text.trim() === '';
}

/** A web-archive message head: `Subject`, blank, then a thread line or From:/Date:. */
function isArchiveHead(lines: readonly string[], i: number): boolean {
  const subject = lines[i];
  if (subject.trim() === '' || /^[\s>]/.test(subject) || !isBlank(lines[i + 1])) return false;
  const next = lines[i + 2];
  if (next === undefined) return false;
  if (THREAD_DATE.test(next)) return true;
  return /^From: \S/.test(next) && /^Date: \S/.test(lines[i + 3] ?? '');
}

function boundaryAt(lines: readonly string[], i: number): MessageForm | null {
  const text = lines[i];
  const c = text.charCodeAt(0);
  if (c === 70 /* F */ && MBOX_FROM.test(text) && /^[!-9;-~]+:/.test(lines[i + 1] ?? '')) return 'mbox';
  if (c === 99 /* c */ && GIT_COMMIT.test(text) && /^(Author|Merge): /.test(lines[i + 1] ?? '')) return 'git-commit';
  if (i === 0 || isBlank(lines[i - 1])) {
    if (isArchiveHead(lines, i)) return 'archive';
  }
  return null;
}

function findBoundaries(lines: readonly string[]): Boundary[] {
  const out: Boundary[] = [];
  const first = lines.findIndex((l) => l.trim() !== '');
  if (first >= 0 && boundaryAt(lines, first) === null) {
    const block = readHeaderBlock(lines, first, Math.min(lines.length, first + 200));
    if (block.fields.size > 0 && looksLikeMailHeaders(block) && /^[!-9;-~]+:/.test(lines[first])) {
      out.push({ line: first, form: 'mail' });
    }
  }
  for (let i = 0; i < lines.length; i++) {
    const form = boundaryAt(lines, i);
    if (form) out.push({ line: i, form });
  }
  return out;
}

/** A subject for text that has no header: its first line, when it reads like one. */
function plainSubject(lines: readonly string[], start: number, end: number): string {
  for (let i = start; i < end; i++) {
    const t = lines[i].trim();
    if (t === '') continue;
    return /^((Re|Fwd?|Aw|Sv):|\[(PATCH|RFC))/i.test(t) ? t : '';
  }
  return '';
}

function mailSlice(lines: readonly string[], form: MessageForm, start: number, end: number): MessageSlice {
  const headerStart = form === 'mbox' ? start + 1 : start;
  const headers = readHeaderBlock(lines, headerStart, end);
  const bodyStart = Math.min(end, headers.endIndex + 1);
  const from = headerValue(headers, 'from');
  const subject = headerValue(headers, 'subject');
  return {
    form,
    startLine: start,
    endLine: end,
    bodyStart,
    subject: subject ? decodeEncodedWords(subject) : '',
    author: from ? decodeEncodedWords(from) : undefined,
    date: headerValue(headers, 'date'),
    messageId: headerValue(headers, 'message-id')?.replace(/^<|>$/g, ''),
    headers,
  };
}

function gitCommitSlice(lines: readonly string[], start: number, end: number): MessageSlice {
  const headers = readHeaderBlock(lines, start + 1, end);
  let subject = '';
  for (let i = headers.endIndex; i < end; i++) {
    if (lines[i].trim() !== '') {
      subject = lines[i].startsWith('    ') ? lines[i].trim() : '';
      break;
    }
  }
  return {
    form: 'git-commit',
    startLine: start,
    endLine: end,
    bodyStart: Math.min(end, headers.endIndex),
    subject,
    author: headerValue(headers, 'author'),
    date: headerValue(headers, 'date'),
    messageId: /^commit ([0-9a-f]+)/.exec(lines[start])?.[1],
  };
}

function archiveSlice(lines: readonly string[], start: number, end: number): MessageSlice {
  const slice: MessageSlice = { form: 'archive', startLine: start, endLine: end, bodyStart: start + 3, subject: lines[start].trim() };
  const thread = THREAD_DATE.exec(lines[start + 2]);
  if (thread) {
    slice.date = thread[1];
    slice.author = thread[2].trim();
  } else {
    slice.author = lines[start + 2].slice('From:'.length).trim();
    slice.date = lines[start + 3].slice('Date:'.length).trim();
    slice.bodyStart = start + 4;
  }
  slice.bodyStart = Math.min(slice.bodyStart, end);
  return slice;
}

/** Splits the document's lines into message slices covering every line. */
export function splitMessages(lines: readonly string[]): MessageSlice[] {
  const boundaries = findBoundaries(lines);
  const slices: MessageSlice[] = [];
  const firstBoundary = boundaries.length ? boundaries[0].line : lines.length;
  const preamble = lines.slice(0, firstBoundary).some((l) => l.trim() !== '');
  if (preamble || boundaries.length === 0) {
    slices.push({
      form: 'plain',
      startLine: 0,
      endLine: firstBoundary,
      bodyStart: 0,
      subject: plainSubject(lines, 0, firstBoundary),
    });
  }
  for (let b = 0; b < boundaries.length; b++) {
    const { line, form } = boundaries[b];
    const end = b + 1 < boundaries.length ? boundaries[b + 1].line : lines.length;
    if (form === 'mbox' || form === 'mail') slices.push(mailSlice(lines, form, line, end));
    else if (form === 'git-commit') slices.push(gitCommitSlice(lines, line, end));
    else slices.push(archiveSlice(lines, line, end));
  }
  return slices;
}
