/**
 * One quote of one file of a patch gives candidates: the functions whose
 * lines the patch adds, removes or changes, each paired with its other side
 * (pre- or post-image) when that side is visible. Candidates of every quote
 * are merged into ChangedFunctions later.
 */
import type { ChangeKind } from '../types.js';
import type { FileDiff } from '../../ingest/types.js';
import { rebuildFile, type RebuiltFile } from '../rebuild/rebuild-file.js';
import { configOf, sideFunctions, type SideFunction } from './side-functions.js';

export interface QuoteSide {
  file: RebuiltFile;
  fn: SideFunction;
}

export interface Candidate {
  file: string;
  name: string;
  config: string;
  kind: ChangeKind;
  message: number;
  quoteDepth: number;
  post?: QuoteSide;
  pre?: QuoteSide;
}

/** Every function visible in a quote, changed or not, for finding callers. */
export interface VisibleFunction {
  file: string;
  name: string;
  calls: string[];
}

export interface QuotedFile {
  candidates: Candidate[];
  visible: VisibleFunction[];
  notes: string[];
}

/** Wrapper the rebuild uses when a hunk's context names no function. */
const UNKNOWN = '__mmreview_unknown_function';

function key(f: SideFunction): string {
  return `${f.name}|${configOf(f.conditions)}`;
}

/**
 * Pairs each post-image function with its pre-image: first by name and
 * conditions, then, for the functions left over, by name alone when that is
 * unambiguous (a change of conditions). A new `#else` stub must not pair with
 * the existing function it sits beside.
 */
function pairSides(post: SideFunction[], pre: SideFunction[]): Map<SideFunction, SideFunction | undefined> {
  const pairs = new Map<SideFunction, SideFunction | undefined>();
  const taken = new Set<SideFunction>();
  for (const f of post) {
    const match = pre.find((p) => !taken.has(p) && key(p) === key(f) && p.hasBody === f.hasBody);
    if (match) taken.add(match);
    pairs.set(f, match);
  }
  for (const f of post) {
    if (pairs.get(f)) continue;
    const sameName = pre.filter((p) => !taken.has(p) && p.name === f.name && p.hasBody === f.hasBody);
    const postSameName = post.filter((p) => p.name === f.name && !pairs.get(p));
    if (sameName.length === 1 && postSameName.length === 1) {
      taken.add(sameName[0]);
      pairs.set(f, sameName[0]);
    }
  }
  return pairs;
}

function kindOf(post: SideFunction | undefined, pre: SideFunction | undefined): ChangeKind {
  if (post && !post.hasBody) return 'declared';
  if (post) return pre || post.nameLineKind !== 'added' ? 'modified' : 'added';
  return pre && pre.complete && pre.nameLineKind === 'removed' ? 'removed' : 'modified';
}

export function quoteFile(diff: FileDiff, message: number, quoteDepth: number): QuotedFile {
  const postFile = rebuildFile(diff, 'post');
  const preFile = rebuildFile(diff, 'pre');
  const post = sideFunctions(postFile, 'post');
  const pre = sideFunctions(preFile, 'pre');
  const pairs = pairSides(post, pre);
  const paired = new Set<SideFunction>();
  const candidates: Candidate[] = [];
  const notes: string[] = [];
  const base = { file: diff.path, message, quoteDepth };
  for (const [p, q] of pairs) {
    if (q) paired.add(q);
    if (!p.changed && !q?.changed) continue;
    if (p.name === UNKNOWN) {
      notes.push(`${diff.path}: changed lines in a function the quote does not name`);
      continue;
    }
    candidates.push({ ...base, name: p.name, config: configOf(p.conditions), kind: kindOf(p, q), post: { file: postFile, fn: p }, ...(q ? { pre: { file: preFile, fn: q } } : {}) });
  }
  for (const q of pre) {
    if (paired.has(q) || !q.changed || q.name === UNKNOWN) continue;
    candidates.push({ ...base, name: q.name, config: configOf(q.conditions), kind: kindOf(undefined, q), pre: { file: preFile, fn: q } });
  }
  const changedLines = diff.hunks.some((h) => h.lines.some((l) => l.kind !== 'context'));
  if (changedLines && candidates.length === 0) notes.push(`${diff.path}: the changes lie outside any function (declarations, structs or macros)`);
  const visible = post.filter((f) => f.hasBody).map((f) => ({ file: diff.path, name: f.name, calls: f.calls }));
  return { candidates, visible, notes };
}
