/**
 * The frontend: from a PatchSet to the C functions it adds, removes or
 * changes, lowered to the simulator's AST, with every quoted occurrence
 * mapped back to the document. Synchronous once initFrontend() has loaded
 * tree-sitter; never throws on user input (a file that cannot be handled
 * becomes a note).
 */
import type { PatchSet } from '../ingest/types.js';
import { quoteFile, type Candidate, type VisibleFunction } from './extract/candidates.js';
import { mergeCandidates } from './extract/merge.js';
import { cachedQuote, clearQuoteCache, nextQuoteGeneration } from './extract/quote-cache.js';
import type { KernelTree } from './kernel-tree.js';
import { isFrontendReady } from './parser.js';
import type { ChangedFunction, FrontendResult, OffsetMap } from './types.js';
import { definitionsFor } from './tree/definitions.js';
import { clearTreeCache, prepareTree } from './tree/tree-mode.js';

export type { KernelTree } from './kernel-tree.js';
export { initFrontend, isFrontendReady, lowerCSource, lowerCSourceDetailed, listBodyConfigSymbols, wasmHeapBytes } from './parser.js';
export type { ConfigChoice, FrontendWasm, LoweredFunction } from './parser.js';

export interface ExtractOptions {
  kernelTree?: KernelTree;
}

/**
 * Forgets what earlier analyses left for later ones (quoted file diffs,
 * prepared tree files). Results never depend on it; a benchmark of a first
 * analysis calls it between runs.
 */
export function clearFrontendCaches(): void {
  clearQuoteCache();
  clearTreeCache();
}

function message(err: unknown): string {
  return err instanceof Error ? err.message : String(err);
}

/** Names of functions with a body anywhere in the patch set. */
function namesWithBodies(functions: ChangedFunction[], visible: VisibleFunction[]): Set<string> {
  const names = new Set(visible.map((v) => v.name));
  for (const f of functions) if (f.ast?.body) names.add(f.name);
  return names;
}

/** A prototype whose function has a body elsewhere in the patch set is that function's, not a change of its own. */
function dropPrototypesWithBodies(functions: ChangedFunction[], visible: VisibleFunction[]): ChangedFunction[] {
  const bodies = namesWithBodies(functions, visible);
  return functions.filter((f) => f.kind !== 'declared' || !bodies.has(f.name));
}

function callersOf(name: string, visible: VisibleFunction[]): string[] {
  const out = new Set<string>();
  for (const v of visible) if (v.name !== name && v.calls.includes(name)) out.add(v.name);
  return [...out];
}

/** Clears `exact` where the document does not hold the mapped text, so exact always means equal. */
function verifyExact(map: OffsetMap, text: string, documentText: string): void {
  for (const l of map.lines) {
    if (l.exact && documentText.slice(l.doc.start, l.doc.end) !== text.slice(l.textStart, l.textStart + l.textLength)) l.exact = false;
  }
}

function firstPosition(f: ChangedFunction): number {
  const o = f.occurrences[0];
  return o ? o.message * 1e7 + o.startLine : Number.MAX_SAFE_INTEGER;
}

function collectQuotes(patchSet: PatchSet, notes: string[]): { candidates: Candidate[]; visible: VisibleFunction[] } {
  const candidates: Candidate[] = [];
  const visible: VisibleFunction[] = [];
  patchSet.messages.forEach((m, mi) =>
    m.patches.forEach((p) =>
      p.files.forEach((file) => {
        try {
          const quoted = cachedQuote(file, mi, p.quoteDepth, () => quoteFile(file, mi, p.quoteDepth));
          candidates.push(...quoted.candidates);
          visible.push(...quoted.visible);
          for (const n of quoted.notes) if (!notes.includes(n)) notes.push(n);
        } catch (err) {
          notes.push(`${file.path}: could not read the functions of this file (${message(err)})`);
        }
      }),
    ),
  );
  return { candidates, visible };
}

function notePartial(functions: ChangedFunction[], notes: string[]): void {
  for (const f of functions) {
    if (f.complete || f.kind === 'declared' || f.kind === 'removed') continue;
    const note = `${f.file}: ${f.name}${f.config ? ` (${f.config})` : ''} is partial: ${f.completeness}`;
    if (!notes.includes(note)) notes.push(note);
  }
}

export function extractFunctions(patchSet: PatchSet, documentText: string, options: ExtractOptions = {}): FrontendResult {
  const result: FrontendResult = { functions: [], definitions: [], notes: [] };
  if (!isFrontendReady()) {
    result.notes.push('the C frontend is not initialised; no functions were extracted');
    return result;
  }
  try {
    nextQuoteGeneration();
    const { candidates, visible } = collectQuotes(patchSet, result.notes);
    const tree = options.kernelTree ? prepareTree(patchSet, options.kernelTree) : undefined;
    if (tree) {
      result.notes.push(...tree.notes);
      visible.push(...tree.visible);
    } else if (candidates.some((c) => c.post && !c.post.fn.complete && c.kind !== 'declared')) {
      result.notes.push('no kernel tree: partial functions are analysed from what the patch shows');
    }
    const functions = dropPrototypesWithBodies(mergeCandidates(candidates, tree ? (f, n, c) => tree.lookup(f, n, c) : undefined, result.notes), visible);
    if (tree && options.kernelTree) result.definitions = definitionsFor(functions, tree, options.kernelTree);
    for (const f of functions) {
      f.callers = [...new Set([...callersOf(f.name, visible), ...f.callers])];
      for (const o of f.occurrences) {
        verifyExact(o.map, f.postText, documentText);
        if (o.preMap && f.preText !== undefined) verifyExact(o.preMap, f.preText, documentText);
      }
    }
    functions.sort((a, b) => firstPosition(a) - firstPosition(b));
    notePartial(functions, result.notes);
    result.functions = functions;
  } catch (err) {
    result.notes.push(`the frontend stopped early: ${message(err)}`);
  }
  return result;
}
