/**
 * Every benchmark input, built from fixed seeds: the same bytes on every run
 * and every machine, so results.json files can be compared.
 *
 * All patches are made against one generated 7,000-line mm/hugetlb.c (the
 * kernel-tree pre-image), so tree mode can apply every hunk of them.
 */
import { coverLetter, mangledReply, patchMail, type PatchMail } from './mail.js';
import { Rng } from './rng.js';
import { KernelFile } from './source.js';

export const TREE_FILE = 'mm/hugetlb.c';
export const TREE_LINES = 7000;
const SEED = 0x6d6d7276; // "mmrv"

/** Lines of a text that ends with a newline, as `wc -l` counts them. */
export function lineCount(text: string): number {
  return text.split('\n').length - (text.endsWith('\n') ? 1 : 0);
}

export interface BenchInput {
  id: string;
  description: string;
  text: string;
  /** Number of patch mails (a cover letter or a reply is not counted). */
  patches: number;
  /** Added plus removed lines over all patches. */
  changedLines: number;
}

/** The pre-image for tree mode: the same file every patch below is made against. */
export function treeFile(): string {
  return KernelFile.generate(TREE_FILE, new Rng(SEED), TREE_LINES).text();
}

function freshFile(seedOffset: number): { file: KernelFile; rng: Rng } {
  const file = KernelFile.generate(TREE_FILE, new Rng(SEED), TREE_LINES);
  // The base file uses the first stream; patches draw from their own, so the base stays identical.
  return { file, rng: new Rng(SEED + seedOffset) };
}

/**
 * One patch to mm/hugetlb.c with the fewest changed functions that make
 * `enough` true: each changed function gets snippets and, every other one, a
 * new function after it (two in three). The n-target patch extends the (n-1)-target one, so
 * the size grows with n and a doubling-then-bisecting search finds it.
 */
function singlePatch(id: string, seedOffset: number, enough: (changed: number, lines: number) => boolean): BenchInput {
  const attempt = (targets: number) => {
    const { file, rng } = freshFile(seedOffset);
    const picked = rng.shuffle(file.untouched()).slice(0, targets);
    const change = file.change(picked, (k) => k % 3 !== 2);
    const mail = patchMail(rng, [change], 1, 1, 'bench');
    const changed = change.hunks.added + change.hunks.removed;
    return { mail, changed, ok: enough(changed, mail.text.split('\n').length) };
  };
  const max = freshFile(seedOffset).file.untouched().length;
  let hi = 1;
  let best = attempt(hi);
  while (!best.ok && hi < max) {
    hi = Math.min(max, hi * 2);
    best = attempt(hi);
  }
  let lo = Math.floor(hi / 2); // not enough (or zero)
  while (hi - lo > 1) {
    const mid = (lo + hi) >> 1;
    const a = attempt(mid);
    if (a.ok) {
      hi = mid;
      best = a;
    } else lo = mid;
  }
  return { id, description: '', text: best.mail.text, patches: 1, changedLines: best.changed };
}

export function singlePatchByChanged(changed: number): BenchInput {
  const input = singlePatch(`patch-${changed}`, changed, (c) => c >= changed);
  input.description = `one patch, ${input.changedLines} changed lines (target ${changed})`;
  return input;
}

export function singlePatchByLines(lines: number): BenchInput {
  const input = singlePatch(`patch-${lines}-lines`, 7 * lines, (_c, l) => l >= lines);
  input.description = `one patch of ${lineCount(input.text)} lines (${input.changedLines} changed)`;
  return input;
}

export interface Series {
  mbox: BenchInput;
  mails: PatchMail[];
  topic: string;
}

/** A series as an mbox: cover letter, then `count` patches, each against the file the previous one left. */
export function series(count: number): Series {
  const { file, rng } = freshFile(1000 + count);
  const order = rng.shuffle(file.untouched());
  const topic = `rework the locking of shared PMD walks (${count} patches)`;
  const mails: PatchMail[] = [];
  let changed = 0;
  for (let i = 0; i < count; i++) {
    const target = order[i % order.length];
    // Every patch modifies one function; about half also add one.
    const withNew = rng.chance(0.5);
    const change = file.change([target], () => withNew);
    changed += change.hunks.added + change.hunks.removed;
    mails.push(patchMail(rng, [change], i + 1, count, topic));
  }
  const text = coverLetter(rng, count, topic, mails) + mails.map((m) => m.text).join('');
  return {
    mbox: { id: `series-${count}`, description: `mbox: cover letter + ${count} patches, ${lineCount(text)} lines, ${changed} changed lines`, text, patches: count, changedLines: changed },
    mails,
    topic,
  };
}

export function reply(s: Series): BenchInput {
  const text = mangledReply(new Rng(SEED + 77), s.mails, s.topic);
  return {
    id: `reply-${s.mails.length}`,
    description: `reply quoting the ${s.mails.length}-patch series at depth 2, whitespace mangled, ${lineCount(text)} lines`,
    text,
    patches: s.mails.length,
    changedLines: s.mbox.changedLines,
  };
}
