/**
 * Patch mail as `git format-patch` writes it (From_ line, headers, commit
 * message, Signed-off-by, `---`, diffstat, the diff, the signature), mboxes
 * of a series with its cover letter, and a review reply that quotes a series
 * two levels deep with the whitespace a mail client mangles.
 */
import type { FileChange } from './source.js';
import type { Rng } from './rng.js';

const AUTHOR = 'Ada Hugepage <ada@example.org>';
const REVIEWERS = ['Rui Pagetable <rui@example.org>', 'Mei Lockdep <mei@example.org>', 'Ole Folio <ole@example.org>'];
const WORDS = ['the', 'shared', 'PMD', 'page', 'table', 'lock', 'is', 'held', 'while', 'walking', 'range', 'entries', 'hugetlb', 'mapping', 'fault', 'path', 'so', 'that', 'a', 'concurrent', 'unshare', 'cannot', 'free', 'it', 'under', 'us', 'reservation', 'accounting', 'now', 'happens', 'in', 'one', 'place'];

export interface PatchMail {
  subject: string;
  text: string;
  /** Commit message lines and the diff, for quoting in a reply. */
  messageLines: string[];
  diffLines: string[];
}

function wrap(words: string[], width = 72): string[] {
  const lines: string[] = [];
  let line = '';
  for (const w of words) {
    if (line && line.length + 1 + w.length > width) {
      lines.push(line);
      line = w;
    } else line = line ? `${line} ${w}` : w;
  }
  if (line) lines.push(line);
  return lines;
}

function prose(rng: Rng, names: string[], sentences: number): string[] {
  const words: string[] = [];
  for (let s = 0; s < sentences; s++) {
    const n = rng.range(8, 18);
    const sentence: string[] = [];
    for (let i = 0; i < n; i++) sentence.push(rng.chance(0.12) && names.length ? `${rng.pick(names)}()` : rng.pick(WORDS));
    sentence[0] = sentence[0][0].toUpperCase() + sentence[0].slice(1);
    words.push(...sentence.slice(0, -1), sentence[sentence.length - 1] + '.');
  }
  return wrap(words);
}

function diffstat(changes: FileChange[]): string[] {
  const width = Math.max(...changes.map((c) => c.path.length));
  const lines = changes.map((c) => {
    const total = c.hunks.added + c.hunks.removed;
    const scale = total > 50 ? 50 / total : 1;
    const bar = '+'.repeat(Math.round(c.hunks.added * scale)) + '-'.repeat(Math.round(c.hunks.removed * scale));
    return ` ${c.path.padEnd(width)} | ${String(total).padStart(3)} ${bar}`;
  });
  const ins = changes.reduce((n, c) => n + c.hunks.added, 0);
  const del = changes.reduce((n, c) => n + c.hunks.removed, 0);
  const files = `${changes.length} file${changes.length > 1 ? 's' : ''} changed`;
  return [...lines, ` ${files}, ${ins} insertion${ins === 1 ? '' : 's'}(+), ${del} deletion${del === 1 ? '' : 's'}(-)`];
}

function date(minute: number): string {
  return `Tue, 4 Mar 2025 ${String(10 + Math.floor(minute / 60)).padStart(2, '0')}:${String(minute % 60).padStart(2, '0')}:00 +0000`;
}

function messageId(n: number): string {
  return `<20250304100000.4242-${n}-ada@example.org>`;
}

export function patchMail(rng: Rng, changes: FileChange[], index: number, total: number, topic: string): PatchMail {
  const names = changes.flatMap((c) => [...c.modified, ...c.added]);
  const width = String(total).length;
  const tag = total > 1 ? `[PATCH v2 ${String(index).padStart(width, '0')}/${total}]` : '[PATCH]';
  const subject = `mm/hugetlb: ${rng.pick(['fix', 'rework', 'simplify', 'harden', 'document'])} ${names[0] ?? topic}`;
  const trailers = [`Signed-off-by: ${AUTHOR}`];
  if (rng.chance(0.3)) trailers.unshift(`Suggested-by: ${rng.pick(REVIEWERS)}`);
  if (rng.chance(0.3)) trailers.push(`Reviewed-by: ${rng.pick(REVIEWERS)}`);
  const messageLines = [...prose(rng, names, rng.range(2, 5)), '', ...prose(rng, names, rng.range(1, 3)), '', ...trailers];
  const diffLines = changes.flatMap((c) => [
    `diff --git a/${c.path} b/${c.path}`,
    `index ${rng.hex(12)}..${rng.hex(12)} 100644`,
    `--- a/${c.path}`,
    `+++ b/${c.path}`,
    ...c.hunks.lines,
  ]);
  const headers = [
    `From ${rng.hex(40)} Mon Sep 17 00:00:00 2001`,
    `From: ${AUTHOR}`,
    `Date: ${date(index)}`,
    `Subject: ${tag} ${subject}`,
    `Message-Id: ${messageId(index)}`,
    ...(total > 1 ? [`In-Reply-To: ${messageId(0)}`, `References: ${messageId(0)}`] : []),
    'MIME-Version: 1.0',
    'Content-Type: text/plain; charset=UTF-8',
    'Content-Transfer-Encoding: 8bit',
    '',
  ];
  const text = [...headers, ...messageLines, '---', ...diffstat(changes), '', ...diffLines, '-- ', '2.43.0', '', ''].join('\n');
  return { subject: `${tag} ${subject}`, text, messageLines, diffLines };
}

export function coverLetter(rng: Rng, total: number, topic: string, mails: PatchMail[]): string {
  const width = String(total).length;
  return [
    `From ${rng.hex(40)} Mon Sep 17 00:00:00 2001`,
    `From: ${AUTHOR}`,
    `Date: ${date(0)}`,
    `Subject: [PATCH v2 ${'0'.padStart(width, '0')}/${total}] mm/hugetlb: ${topic}`,
    `Message-Id: ${messageId(0)}`,
    'MIME-Version: 1.0',
    'Content-Type: text/plain; charset=UTF-8',
    '',
    ...prose(rng, [], 6),
    '',
    'Changes since v1:',
    ' - rebased on mm-unstable',
    ' - dropped the per-node walk',
    '',
    `${AUTHOR.split(' <')[0]} (${total}):`,
    ...mails.map((m) => `  ${m.subject.replace(/^\[[^\]]*\] /, '')}`),
    '',
    '-- ',
    '2.43.0',
    '',
    '',
  ].join('\n');
}

/**
 * What a mail client does to a quoted diff: runs of tabs become one space and
 * context lines lose their leading space (and the indentation after it).
 */
export function mangleDiffLine(line: string): string {
  if (line.startsWith('@@') || line.startsWith('diff ') || line.startsWith('index ') || line.startsWith('--- ') || line.startsWith('+++ ')) return line;
  const collapsed = line.replace(/\t+/g, ' ');
  if (line.startsWith(' ') || line === '') return collapsed.trimStart();
  return collapsed;
}

function quote(depth: number, line: string): string {
  const prefix = '> '.repeat(depth);
  return line === '' ? prefix.trimEnd() : prefix + line;
}

/**
 * A reply to the cover letter quoting every patch of the series at depth 2
 * (the reviewer replies to a reply), the diffs mangled, with comments at
 * depth 1 and 0 between the patches.
 */
export function mangledReply(rng: Rng, mails: PatchMail[], topic: string): string {
  const total = mails.length;
  const out = [
    `From ${rng.hex(40)} Mon Sep 17 00:00:00 2001`,
    `From: ${REVIEWERS[1]}`,
    `Date: Thu, 6 Mar 2025 08:12:00 +0000`,
    `Subject: Re: [PATCH v2 ${'0'.padStart(String(total).length, '0')}/${total}] mm/hugetlb: ${topic}`,
    `In-Reply-To: <reply-1@example.org>`,
    `References: ${messageId(0)} <reply-1@example.org>`,
    '',
    `On Wed, 5 Mar 2025 17:40:00 +0000, ${REVIEWERS[0]} wrote:`,
    `> On Tue, 4 Mar 2025 10:00:00 +0000, ${AUTHOR} wrote:`,
  ];
  for (const m of mails) {
    out.push(quote(2, m.subject));
    out.push(quote(2, ''));
    for (const l of m.messageLines) out.push(quote(2, l));
    out.push(quote(2, '---'));
    for (const l of m.diffLines) out.push(quote(2, mangleDiffLine(l)));
    out.push(quote(1, ''));
    out.push(...prose(rng, [], rng.range(1, 2)).map((l) => quote(1, l)));
    out.push('');
    if (rng.chance(0.5)) out.push(...prose(rng, [], rng.range(1, 3)), '');
  }
  out.push('Thanks,', 'Mei', '');
  return out.join('\n');
}
