/**
 * Merges the candidates of every quote into ChangedFunctions. Quotes of the
 * same function (same file, name and configuration, with overlapping lines)
 * become one ChangedFunction whose text comes from the most complete quote,
 * with one Occurrence per quote. Different versions of a function (a later
 * patch of a series changing it again) stay separate.
 */
import type { FunctionAst } from '../../../../../simulator/src/ast.js';
import type { ChangedFunction, Occurrence } from '../types.js';
import type { TreeText } from '../tree/tree-mode.js';
import type { Candidate } from './candidates.js';
import { documentLines, functionText, mapOnto, normalize, ownMap, visibleCodeLines, type FunctionText } from './function-text.js';
import { bodyVariants, lowerNamed } from './variants.js';

interface Quote {
  candidate: Candidate;
  post?: FunctionText;
  pre?: FunctionText;
}

function score(q: Quote): number {
  const fn = q.candidate.post?.fn;
  return (fn?.hasBody ? 1e6 : 0) + (fn?.complete ? 1e5 : 0) + visibleCodeLines(q.post) * 10 + visibleCodeLines(q.pre) - q.candidate.quoteDepth * 0.01;
}

function codeSet(ft: FunctionText | undefined): Set<string> {
  return new Set(ft ? ft.lines.filter((l) => l.sources.length).map((l) => normalize(l.text)).filter(Boolean) : []);
}

/** Two quotes show the same version when most lines of the smaller one appear in the larger one. */
function sameVersion(a: Quote, b: Quote): boolean {
  for (const side of ['post', 'pre'] as const) {
    const x = codeSet(a[side]);
    const y = codeSet(b[side]);
    if (x.size === 0 || y.size === 0) continue;
    let shared = 0;
    for (const l of y) if (x.has(l)) shared++;
    if (shared / Math.min(x.size, y.size) < 0.5) return false;
  }
  return true;
}

function cluster(quotes: Quote[]): Quote[][] {
  const sorted = [...quotes].sort((a, b) => score(b) - score(a));
  const clusters: Quote[][] = [];
  for (const q of sorted) {
    const home = clusters.find((c) => sameVersion(c[0], q));
    if (home) home.push(q);
    else clusters.push([q]);
  }
  return clusters;
}

/** Where the tree supplies complete text for a function, if it does. */
export type TreeLookup = (file: string, name: string, config: string) => TreeText | undefined;

function occurrence(q: Quote, primaryPost: FunctionText | undefined, primaryPre: FunctionText | undefined, isPrimary: boolean): Occurrence {
  const lines = [...documentLines(q.post), ...documentLines(q.pre)];
  const map = q.post && primaryPost ? (isPrimary && q.post === primaryPost ? ownMap(q.post) : mapOnto(primaryPost, q.post)) : { lines: [] };
  const occ: Occurrence = {
    message: q.candidate.message,
    quoteDepth: q.candidate.quoteDepth,
    startLine: lines.length ? Math.min(...lines) : 0,
    endLine: lines.length ? Math.max(...lines) : 0,
    map,
  };
  if (q.pre && primaryPre) occ.preMap = q.pre === primaryPre ? ownMap(q.pre) : mapOnto(primaryPre, q.pre);
  return occ;
}

/** What is visible of a partial function, in words. */
export function describeCompleteness(ast: FunctionAst | undefined, q: Quote): string {
  const fn = q.candidate.post?.fn;
  if (!q.post && q.candidate.kind === 'removed') return 'removed; its whole pre-image body is visible';
  if (!q.post) return 'only the pre-image (removed lines) is visible';
  if (!ast?.body) return 'declaration only, no body';
  if (ast.complete) return 'whole body visible';
  const parts: string[] = [];
  const body = ast.body.body;
  if (body.length === 1 && body[0].kind === 'gap') return 'only the header is visible; the body is not shown';
  if (fn?.nameLineKind === 'synthetic') parts.push('header taken from the @@ context');
  if (ast.startsInside) parts.push('the start of the body is not shown');
  const endsEarly = body.length > 0 && body[body.length - 1].kind === 'gap';
  if (endsEarly) parts.push('the end of the body is not shown');
  const gaps = countGaps(ast) - (ast.startsInside ? 1 : 0) - (endsEarly ? 1 : 0);
  if (gaps > 0) parts.push(`${gaps} gap${gaps > 1 ? 's' : ''} inside`);
  parts.push(`${visibleCodeLines(q.post)} lines of code visible`);
  return parts.join('; ');
}

/** A body that is only the closing gap of a cut quote does not start inside: nothing of it is shown. */
function correctStartsInside(ast: FunctionAst): void {
  const first = ast.body?.body[0];
  if (first?.kind === 'gap' && ast.body?.body.length === 1) ast.startsInside = false;
}

function countGaps(ast: FunctionAst): number {
  let count = 0;
  const stack: unknown[] = ast.body ? [ast.body] : [];
  while (stack.length) {
    const n = stack.pop();
    if (!n || typeof n !== 'object') continue;
    if ((n as { kind?: string }).kind === 'gap') count++;
    for (const v of Object.values(n)) if (v && typeof v === 'object') stack.push(v);
  }
  return count;
}

function idOf(file: string, name: string, config: string): string {
  return `${file}:${name}${config ? '#' + config : ''}`;
}

function joinConfig(a: string, b: string): string {
  return [a, b].filter(Boolean).join(' && ');
}

/** One ChangedFunction per configuration variant of a cluster of quotes. */
function build(quotes: Quote[], idSuffix: string, lookup?: TreeLookup): ChangedFunction[] {
  const primary = quotes[0];
  const c = primary.candidate;
  const tree = primary.post || c.kind !== 'removed' ? lookup?.(c.file, c.name, c.config) : undefined;
  const postText = tree?.post ?? primary.post;
  const preQuote = [...quotes].filter((q) => q.pre).sort((a, b) => visibleCodeLines(b.pre) - visibleCodeLines(a.pre))[0];
  const preText = tree?.pre ?? preQuote?.pre;
  const occurrences = quotes
    .map((q) => occurrence(q, postText, preText, q === primary))
    .sort((a, b) => a.message - b.message || a.startLine - b.startLine);
  const preAst = preText ? lowerNamed(preText, c.name) : undefined;
  const variants = postText ? bodyVariants(postText) : [{ choice: {}, label: '' }];
  return variants.map((v) => {
    const ast = postText ? lowerNamed(postText, c.name, v.choice) : undefined;
    if (ast) correctStartsInside(ast);
    const config = joinConfig(c.config, v.label);
    const completeness = tree
      ? ['whole body from the kernel tree with the hunks applied', tree.caveat].filter(Boolean).join('; ')
      : describeCompleteness(ast, primary);
    const fn: ChangedFunction = {
      id: idOf(c.file, c.name, config) + idSuffix,
      name: c.name,
      file: c.file,
      kind: c.kind,
      config,
      complete: !!ast?.body && ast.complete,
      completeness,
      postText: postText?.text ?? '',
      occurrences,
      callers: [],
      errorNodes: ast?.errorNodes ?? preAst?.errorNodes ?? 0,
      source: tree ? 'kernel-tree' : 'patch',
    };
    if (preText) fn.preText = preText.text;
    if (ast && c.kind !== 'declared') fn.ast = ast;
    if (preAst) fn.preAst = preAst;
    return fn;
  });
}

export function mergeCandidates(candidates: Candidate[], lookup?: TreeLookup, notes: string[] = []): ChangedFunction[] {
  const groups = new Map<string, Quote[]>();
  for (const candidate of candidates) {
    const key = `${candidate.file}\u0000${candidate.name}\u0000${candidate.config}`;
    const quote: Quote = { candidate };
    if (candidate.post) quote.post = functionText(candidate.post);
    if (candidate.pre) quote.pre = functionText(candidate.pre);
    const list = groups.get(key) ?? [];
    list.push(quote);
    groups.set(key, list);
  }
  const out: ChangedFunction[] = [];
  for (const quotes of groups.values()) {
    cluster(quotes).forEach((c, i) => {
      try {
        out.push(...build(c, i === 0 ? '' : `~${i + 1}`, i === 0 ? lookup : undefined));
      } catch (err) {
        // Pathological nesting can exhaust the stack while copying an AST; the function is then left out.
        notes.push(`${c[0].candidate.file}: ${c[0].candidate.name} could not be prepared (${err instanceof Error ? err.message : String(err)})`);
      }
    });
  }
  return out;
}
