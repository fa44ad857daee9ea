/**
 * Rewrites kernel C into C that tree-sitter-c parses, without moving any
 * character: attribute words and lock annotations become blanks, iterator
 * macros used as loop headers become `while` (the lowering turns those back
 * into `foreach`), and unselected `#ifdef` branches inside bodies vanish.
 * Because every offset is kept, tree-sitter's spans are spans of the
 * original text.
 */
import { isAttributeWithArgs, isLoopMacro, isPlainAttribute, lockAnnotationKind, type AnnotationKind } from './kernel-words.js';
import { resolveBodyConditionals, type ConfigChoice, type Range } from './preproc.js';
import { matchParen, scanC, skipBlank, type Ident } from './scan.js';

/** An attribute word (with its argument list, if any) removed from the text. */
export interface MaskedAttribute {
  start: number;
  end: number;
  /** The attribute as written, whitespace collapsed: "__init", "__must_hold(&mm->lock)". */
  text: string;
  annotation?: { kind: AnnotationKind; lock: string };
}

export interface MaskResult {
  /** Same length as the input; what tree-sitter parses. */
  masked: string;
  attributes: MaskedAttribute[];
  /** Offset of each iterator macro name rewritten to `while`, with the macro's name. */
  loopMacros: Map<number, string>;
  /** Configuration symbols that `#if` groups inside bodies test. */
  bodySymbols: string[];
  /** Where each of those tests stands. */
  bodySymbolUses: { offset: number; symbol: string }[];
}

interface Replacement extends Range {
  with?: string;
}

function collapse(s: string): string {
  return s.replace(/\s+/g, ' ').trim();
}

/** Blanks an attribute word and, for those that take one, its argument list. */
function maskAttribute(text: string, id: Ident, out: Replacement[], attrs: MaskedAttribute[]): void {
  let end = id.end;
  if (isAttributeWithArgs(id.name)) {
    const open = skipBlank(text, id.end);
    if (text[open] !== '(') return;
    const close = matchParen(text, open);
    if (close < 0) return;
    end = close;
  }
  const written = collapse(text.slice(id.start, end));
  const kind = lockAnnotationKind(id.name);
  const lock = kind ? collapse(text.slice(text.indexOf('(', id.end) + 1, end - 1)) : '';
  attrs.push({ start: id.start, end, text: written, ...(kind ? { annotation: { kind, lock } } : {}) });
  out.push({ start: id.start, end });
}

/** An iterator macro heads a loop when its argument list is followed by a statement rather than `;` or an operator. */
function loopMacroHeadsLoop(text: string, id: Ident): boolean {
  const open = skipBlank(text, id.end);
  if (text[open] !== '(') return false;
  const close = matchParen(text, open);
  if (close < 0) return false;
  const after = skipBlank(text, close);
  const c = text[after];
  if (c === undefined) return true;
  return c === '{' || /[A-Za-z_(*]/.test(c) || text.startsWith('++', after) || text.startsWith('--', after);
}

function applyReplacements(text: string, reps: Replacement[]): string {
  reps.sort((a, b) => a.start - b.start);
  const parts: string[] = [];
  let pos = 0;
  for (const r of reps) {
    if (r.start < pos) continue;
    parts.push(text.slice(pos, r.start));
    const original = text.slice(r.start, r.end);
    parts.push(r.with !== undefined ? r.with + ' '.repeat(Math.max(0, original.length - r.with.length)) : original.replace(/[^\n\r]/g, ' '));
    pos = r.end;
  }
  parts.push(text.slice(pos));
  return parts.join('');
}

const SYSCALL_DEFINER = /^(COMPAT_)?SYSCALL_DEFINE[1-6]$/;

/**
 * `SYSCALL_DEFINE2(madvise, unsigned long, start, size_t, len_in)` becomes
 * `long        sys_madvise( unsigned long  start, size_t  len_in)` in
 * place: the name the kernel gives the entry point, and a plain parameter
 * list (each type/name comma turned into a space).
 */
function rewriteSyscallDefiner(text: string, id: Ident, out: Replacement[]): void {
  const open = id.end;
  if (text[open] !== '(') return;
  const close = matchParen(text, open);
  if (close < 0) return;
  const prefix = id.name.startsWith('COMPAT_') ? 'compat_sys_' : 'sys_';
  const head = open + 1 - id.start;
  out.push({ start: id.start, end: open + 1, with: 'long' + ' '.repeat(head - 4 - prefix.length) + prefix });
  const commas: number[] = [];
  let depth = 0;
  for (let i = open + 1; i < close - 1; i++) {
    if (text[i] === '(') depth++;
    else if (text[i] === ')') depth--;
    else if (text[i] === ',' && depth === 0) commas.push(i);
  }
  commas.forEach((pos, k) => out.push({ start: pos, end: pos + 1, with: k === 0 ? '(' : k % 2 === 1 ? ' ' : ',' }));
}

export function maskKernelC(text: string, config: ConfigChoice = {}): MaskResult {
  const { directives, idents } = scanC(text);
  const conditionals = resolveBodyConditionals(text, directives, config);
  const reps: Replacement[] = [...conditionals.blank];
  const attributes: MaskedAttribute[] = [];
  const loopMacros = new Map<number, string>();
  for (const id of idents) {
    if (isPlainAttribute(id.name) || isAttributeWithArgs(id.name)) {
      maskAttribute(text, id, reps, attributes);
    } else if (id.depth === 0 && SYSCALL_DEFINER.test(id.name)) {
      rewriteSyscallDefiner(text, id, reps);
    } else if (id.depth > 0 && isLoopMacro(id.name) && loopMacroHeadsLoop(text, id)) {
      loopMacros.set(id.start, id.name);
      reps.push({ start: id.start, end: id.end, with: 'while' });
    }
  }
  return { masked: applyReplacements(text, reps), attributes, loopMacros, bodySymbols: conditionals.symbols, bodySymbolUses: conditionals.uses };
}
