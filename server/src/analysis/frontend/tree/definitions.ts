/**
 * Struct, macro and function definitions from the kernel tree that the
 * changed functions use, for the simulator: structs named in their types,
 * macros and helper functions they call or name. They are looked up in the
 * changed file (with the patch applied), the headers it includes with
 * quotes (`#include "internal.h"`), and every header the patch set touches.
 */
import type { Expr, FunctionAst, Stmt } from '../../../../../simulator/src/ast.js';
import type { ChangedFunction, Definition } from '../types.js';
import type { KernelTree } from '../kernel-tree.js';
import type { TreeFile, TreeView } from './tree-mode.js';

/** Enough for any real function; keeps pathological input bounded. */
const MAX_DEFINITIONS = 300;

/** Struct names and identifiers a function uses. */
function usedNames(fn: FunctionAst): { structs: Set<string>; idents: Set<string> } {
  const structs = new Set<string>();
  const idents = new Set<string>();
  const addType = (base: string): void => {
    const m = /^(?:struct|union)\s+(\w+)/.exec(base);
    if (m) structs.add(m[1]);
    else idents.add(base);
  };
  addType(fn.returnType.base);
  fn.params.forEach((p) => addType(p.type.base));
  const visit = (n: unknown): void => {
    if (!n || typeof n !== 'object') return;
    if (Array.isArray(n)) return n.forEach(visit);
    const node = n as Expr | Stmt;
    if (node.kind === 'ident') idents.add(node.name);
    else if (node.kind === 'call') idents.add(node.callee);
    else if (node.kind === 'cast') addType(node.type.base);
    else if (node.kind === 'decl') node.decls.forEach((d) => addType(d.type.base));
    else if (node.kind === 'foreach') idents.add(node.macro);
    Object.values(node).forEach(visit);
  };
  visit(fn.body);
  return { structs, idents };
}

/** The end of a brace group starting at or after `from`, or -1. */
function closingBrace(text: string, from: number): number {
  let depth = 0;
  for (let i = text.indexOf('{', from); i >= 0 && i < text.length; i++) {
    if (text[i] === '{') depth++;
    else if (text[i] === '}' && --depth === 0) return i + 1;
  }
  return -1;
}

/**
 * The struct and macro definitions of a text, in text order, found once:
 * every changed function looks in the same few files (a whole kernel file
 * and its headers), and scanning them again per function was most of
 * tree mode's definition time. Kept for the few texts last used.
 */
interface TextIndex {
  structs: { name: string; index: number; text?: string | null }[];
  macros: { name: string; text: string }[];
}

const MAX_INDEXED_TEXTS = 16;
const indexes = new Map<string, TextIndex>();

function indexText(text: string): TextIndex {
  const hit = indexes.get(text);
  if (hit) return hit;
  const idx: TextIndex = {
    structs: [...text.matchAll(/^(?:struct|union)\s+(\w+)\s*\{/gm)].map((m) => ({ name: m[1], index: m.index ?? 0 })),
    macros: [...text.matchAll(/^[ \t]*#[ \t]*define[ \t]+(\w+)(?:[^\n\\]|\\\r?\n|\\.)*/gm)].map((m) => ({ name: m[1], text: m[0].trim() })),
  };
  indexes.set(text, idx);
  while (indexes.size > MAX_INDEXED_TEXTS) indexes.delete(indexes.keys().next().value as string);
  return idx;
}

/** The text of the struct definition at `index` (with a trailing declarator up to its `;`), or null when its braces do not close. */
function structText(text: string, index: number): string | null {
  const end = closingBrace(text, index);
  if (end < 0) return null;
  const semi = text.indexOf(';', end);
  return text.slice(index, semi >= 0 && semi - end < 80 ? semi + 1 : end);
}

function structDefinitions(text: string, file: string, wanted: Set<string>, out: Map<string, Definition>): void {
  for (const d of indexText(text).structs) {
    if (!wanted.has(d.name) || out.has(`struct ${d.name}`)) continue;
    if (d.text === undefined) d.text = structText(text, d.index);
    if (d.text === null) continue;
    out.set(`struct ${d.name}`, { name: d.name, kind: 'struct', text: d.text, file });
  }
}

function macroDefinitions(text: string, file: string, wanted: Set<string>, out: Map<string, Definition>): void {
  for (const d of indexText(text).macros) {
    if (!wanted.has(d.name) || out.has(`macro ${d.name}`)) continue;
    out.set(`macro ${d.name}`, { name: d.name, kind: 'macro', text: d.text, file });
  }
}

function functionDefinitions(file: TreeFile, wanted: Set<string>, changed: Set<string>, out: Map<string, Definition>): void {
  for (const fn of file.postFunctions) {
    if (!fn.hasBody || !wanted.has(fn.name) || changed.has(fn.name) || out.has(`function ${fn.name}`)) continue;
    const text = file.post.lines.slice(fn.startLine, fn.endLine + 1).map((l) => l.text).join('\n');
    out.set(`function ${fn.name}`, { name: fn.name, kind: 'function', text, file: file.path });
  }
}

/** Headers to search besides the file itself: its quoted includes and the patch set's headers. */
function searchFiles(file: TreeFile, view: TreeView, tree: KernelTree): { path: string; text: string }[] {
  const out = [{ path: file.path, text: file.post.text }];
  const dir = file.path.includes('/') ? file.path.slice(0, file.path.lastIndexOf('/') + 1) : '';
  for (const m of file.post.text.matchAll(/^[ \t]*#[ \t]*include[ \t]+"([^"]+)"/gm)) {
    const path = dir + m[1];
    const text = view.files.get(path)?.post.text ?? tree.readFile(path);
    if (text !== undefined) out.push({ path, text });
  }
  for (const [path, f] of view.files) if (path.endsWith('.h') && path !== file.path) out.push({ path, text: f.post.text });
  return out;
}

export function definitionsFor(functions: ChangedFunction[], view: TreeView, tree: KernelTree): Definition[] {
  const found = new Map<string, Definition>();
  const changed = new Set(functions.map((f) => f.name));
  // The files to search depend on the changed file only: find them once per file.
  const sources = new Map<TreeFile, { path: string; text: string }[]>();
  for (const f of functions) {
    const file = view.files.get(f.file);
    if (!file || !f.ast) continue;
    const { structs, idents } = usedNames(f.ast);
    let searched = sources.get(file);
    if (!searched) {
      searched = searchFiles(file, view, tree);
      sources.set(file, searched);
    }
    for (const source of searched) {
      structDefinitions(source.text, source.path, structs, found);
      macroDefinitions(source.text, source.path, idents, found);
    }
    functionDefinitions(file, idents, changed, found);
    if (found.size >= MAX_DEFINITIONS) break;
  }
  return [...found.values()].slice(0, MAX_DEFINITIONS);
}
