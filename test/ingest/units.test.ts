// Focused checks of the ingest pieces that the golden outlines do not show:
// quote prefixes, subject prefixes, decoding, mboxrd, line-level details.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { ingest } from '../../server/src/analysis/ingest/index.js';
import { parseQuotePrefix } from '../../server/src/analysis/ingest/source-lines.js';
import { pathForSubjectPrefix, subjectPrefix } from '../../server/src/analysis/ingest/infer-file.js';
import { decodeBase64, decodeQuotedPrintable } from '../../server/src/analysis/ingest/mime-body.js';
import { isElision, parseDiffGitPaths } from '../../server/src/analysis/ingest/diff-syntax.js';
import { allHunks, allLines, FIXTURES } from './helpers.js';

const fixture = (name: string) => readFileSync(path.join(FIXTURES, name), 'utf8');

test('quote prefixes of every style', () => {
  assert.deepEqual(parseQuotePrefix('> > +x'), { depth: 2, contentStart: 4 });
  assert.deepEqual(parseQuotePrefix('>>>> continue;'), { depth: 4, contentStart: 5 });
  assert.deepEqual(parseQuotePrefix('>> > [trim]'), { depth: 3, contentStart: 5 });
  assert.deepEqual(parseQuotePrefix('>  int x;'), { depth: 1, contentStart: 2 });
  assert.deepEqual(parseQuotePrefix('plain'), { depth: 0, contentStart: 0 });
});

test('subject prefixes name files', () => {
  assert.equal(subjectPrefix('Re: [RFC PATCH v2 08/47] hugetlb: add a thing'), 'hugetlb');
  assert.equal(pathForSubjectPrefix('hugetlb'), 'mm/hugetlb.c');
  assert.equal(pathForSubjectPrefix('mm/hugetlb'), 'mm/hugetlb.c');
  assert.equal(pathForSubjectPrefix('mm/memory'), 'mm/memory.c');
  assert.equal(pathForSubjectPrefix('mm, thp'), 'mm/huge_memory.c');
  assert.equal(pathForSubjectPrefix('mm'), null);
});

test('elision markers', () => {
  for (const e of ['[..]', '[...]', '[ ... ]', '[trim]', '[snip]', '<snip>', '...']) assert.ok(isElision(e), e);
  assert.ok(!isElision('[PATCH] x'));
});

test('diff --git paths, quoted and with spaces', () => {
  assert.deepEqual(parseDiffGitPaths('diff --git a/mm/a b.c b/mm/a b.c'), { oldPath: 'mm/a b.c', newPath: 'mm/a b.c' });
  assert.deepEqual(parseDiffGitPaths('diff --git "a/mm/x.c" "b/mm/y.c"'), { oldPath: 'mm/x.c', newPath: 'mm/y.c' });
});

test('transfer decoders', () => {
  assert.equal(new TextDecoder().decode(decodeQuotedPrintable('a =3D b=\nc')), 'a = bc');
  assert.equal(new TextDecoder().decode(decodeBase64('aGVsbG8=\n')), 'hello');
  assert.equal(decodeBase64('%%%').length, 0);
});

test('RFC 2047 subjects and authors are decoded, message-id unwrapped', () => {
  const m = ingest(fixture('quoted-printable.eml')).messages[0];
  assert.equal(m.subject, '[PATCH] hugetlb: guard against an empty mapping (grüße)');
  assert.equal(m.author, 'Jürgen Prüfer <juergen@example.org>');
  assert.equal(m.messageId, 'qp-1@example.org');
  assert.equal(m.encoding, 'quoted-printable');
});

test('quoted-printable and base64 bodies decode; their lines are inexact and point at the part', () => {
  for (const name of ['quoted-printable.eml', 'base64.eml']) {
    const text = fixture(name);
    const set = ingest(text);
    const lines = allLines(set);
    assert.ok(lines.length > 0, name);
    assert.ok(lines.every((l) => !l.exact), name);
    const guard = lines.find((l) => l.text.includes('2 MiB = 512 base pages'));
    assert.ok(guard, `${name}: =3D decoded`);
    const bodyStart = text.indexOf('\n\n') + 2;
    assert.equal(guard.span.start, bodyStart, `${name}: spans map to the part's start`);
    assert.equal(allHunks(set)[0].header, '@@ -5200,6 +5200,9 @@ static vm_fault_t example_hugetlb_no_page(struct mm_struct *mm,');
  }
});

test('multipart: the plain attachment stays exact, the base64 one is decoded', () => {
  const set = ingest(fixture('multipart.eml'));
  const patches = set.messages[0].patches;
  assert.equal(patches.length, 2);
  assert.ok(patches[0].files[0].hunks[0].lines.every((l) => l.exact));
  assert.ok(patches[1].files[0].hunks[0].lines.every((l) => !l.exact));
});

test('mboxrd >From lines are unescaped and From_ lines split messages', () => {
  const text = fixture('series.mbox');
  const set = ingest(text);
  assert.equal(set.messages.length, 3);
  assert.deepEqual(set.messages.map((m) => m.messageId), [
    'cover.1710147600.git.cleo@example.org',
    '20240311090001.1-cleo@example.org',
    '20240311090002.2-cleo@example.org',
  ]);
  assert.equal(set.messages[1].patches[0].files[0].path, 'mm/pagewalk.c');
});

test('comments attach to the patch line above them and elisions mark gaps', () => {
  const set = ingest(fixture('reply-depth1.eml'));
  const lines = allLines(set);
  const anchor = lines.find((l) => l.text.includes('pte = huge_pte_offset(mm, addr, sz);') && l.kind === 'added');
  assert.ok(anchor);
  assert.equal(anchor.comments.length, 2);
  assert.equal(anchor.comments[0].quoteDepth, 0);
  assert.match(anchor.comments[0].text, /^Shouldn't the lock/);
  const after = lines.find((l) => l.text === 'out_unlock:');
  assert.ok(after?.gapBefore);
  assert.equal(allHunks(set)[0].countsMismatch, true);
});

test('a wrapped added line becomes a continuation and a wrapped @@ header is joined', () => {
  const set = ingest(fixture('archive-thread.txt'));
  const lines = allLines(set);
  const tail = lines.find((l) => l.text === 'width: */');
  assert.ok(tail?.continuation && tail.kind === 'added');
  assert.ok(allHunks(set).every((h) => h.function === 'static int example_collapse_pte_mapped(struct mm_struct *mm, unsigned long addr,'));
  assert.ok(!lines.some((l) => l.text.startsWith('mm_struct *mm, unsigned long addr,')));
  const mangled = lines.find((l) => l.text === 'pml = pmd_lock(mm, pmd);');
  assert.equal(mangled?.kind, 'context');
});

test('CRLF documents keep exact spans without the carriage return', () => {
  const text = fixture('crlf.patch');
  const lines = allLines(ingest(text));
  assert.equal(lines.length, 4);
  for (const l of lines) assert.ok(!l.text.includes('\r'));
});

test('a file deletion reports the old path, a rename the new one', () => {
  const files = ingest(fixture('git-diff.patch')).messages[0].patches[0].files;
  const deleted = files.find((f) => f.newPath === null);
  assert.equal(deleted?.path, 'mm/example_old.c');
  const renamed = files.find((f) => f.oldPath === 'mm/example_a.c');
  assert.equal(renamed?.path, 'mm/example_b.c');
  assert.ok(allHunks(ingest(fixture('git-diff.patch'))).every((h) => !h.countsMismatch));
});
