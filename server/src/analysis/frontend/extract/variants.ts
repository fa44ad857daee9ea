/**
 * Configuration variants of a function whose body branches on `#ifdef`.
 * The default variant turns on what the patch's own new `#ifdef` blocks
 * introduce (and off what a new `#ifndef` block introduces), so the new
 * code is what gets analysed; the other variants flip one symbol at a time,
 * then pairs, up to four variants in all.
 */
import type { FunctionAst } from '../../../../../simulator/src/ast.js';
import { listBodyConfigSymbols, lowerCSourceDetailed, type ConfigChoice } from '../parser.js';
import type { FunctionText } from './function-text.js';
import { shiftSpans } from './shift-spans.js';

export const MAX_VARIANTS = 4;

export interface Variant {
  choice: ConfigChoice;
  /** What the variant changes from the default, "" for the default: "!CONFIG_USERFAULTFD". */
  label: string;
}

/** The value the patch's own added directives give a symbol, if one of them tests it. */
function valueFromAddedDirectives(ft: FunctionText, symbol: string): boolean | undefined {
  for (const line of ft.lines) {
    if (line.kind !== 'added') continue;
    const m = /^\s*#\s*(ifdef|ifndef|if|elif)\b(.*)$/.exec(line.text);
    if (!m || !new RegExp(`\\b${symbol}\\b`).test(m[2])) continue;
    if (m[1] === 'ifndef') return false;
    if (new RegExp(`!\\s*(?:defined|IS_ENABLED)?\\s*\\(?\\s*${symbol}\\b`).test(m[2])) return false;
    return true;
  }
  return undefined;
}

function label(symbols: string[], defaults: Record<string, boolean>, flipped: string[]): string {
  return symbols.filter((s) => flipped.includes(s)).map((s) => (defaults[s] ? `!${s}` : s)).join(' && ');
}

export function bodyVariants(ft: FunctionText): Variant[] {
  const symbols = listBodyConfigSymbols(ft.text);
  const defaults: Record<string, boolean> = {};
  for (const s of symbols) defaults[s] = valueFromAddedDirectives(ft, s) ?? true;
  const variants: Variant[] = [{ choice: { ...defaults }, label: '' }];
  const flips: string[][] = symbols.map((s) => [s]);
  for (let i = 0; i < symbols.length; i++) for (let j = i + 1; j < symbols.length; j++) flips.push([symbols[i], symbols[j]]);
  for (const flip of flips) {
    if (variants.length >= MAX_VARIANTS) break;
    const choice: Record<string, boolean> = { ...defaults };
    for (const s of flip) choice[s] = !defaults[s];
    variants.push({ choice, label: label(symbols, defaults, flip) });
  }
  return variants;
}

/**
 * The function named `name` in a function text, lowered under a
 * configuration. With every symbol on, the lowering of the whole file is
 * reused (its spans moved onto the function text) instead of parsing again.
 */
export function lowerNamed(ft: FunctionText, name: string, choice: ConfigChoice = {}): FunctionAst | undefined {
  if (ft.source && ft.source.ast.name === name && Object.values(choice).every((on) => on)) return shiftSpans(ft.source.ast, -ft.source.offset);
  const { functions } = lowerCSourceDetailed(ft.text, choice);
  const named = functions.filter((f) => f.ast.name === name);
  return (named.find((f) => f.ast.body) ?? named[0])?.ast;
}
