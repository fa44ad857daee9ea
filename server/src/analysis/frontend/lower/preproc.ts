/**
 * Preprocessor conditionals inside function bodies. The lowering keeps one
 * branch of each `#if`/`#ifdef` group, chosen by a ConfigChoice, and blanks
 * the others (and the directive lines) so tree-sitter sees plain C and
 * every offset stays the same. Conditionals at file level are left to
 * tree-sitter: they separate whole functions, which the frontend turns into
 * variants instead.
 */
import type { Directive } from './scan.js';

/**
 * Which configuration symbols are on. A symbol that is not listed is on, so
 * by default the feature code under `#ifdef CONFIG_X` is analysed.
 */
export type ConfigChoice = Readonly<Record<string, boolean>>;

export interface Range {
  start: number;
  end: number;
}

const OPENERS = new Set(['if', 'ifdef', 'ifndef']);
const MIDDLES = new Set(['else', 'elif', 'elifdef', 'elifndef']);

/** The symbols a condition tests, for listing variants: CONFIG_ symbols and anything under defined()/IS_ENABLED(). */
export function conditionSymbols(d: Directive): string[] {
  if (d.keyword === 'ifdef' || d.keyword === 'ifndef' || d.keyword === 'elifdef' || d.keyword === 'elifndef') {
    const m = /^[A-Za-z_]\w*/.exec(d.rest);
    return m ? [m[0]] : [];
  }
  if (d.keyword !== 'if' && d.keyword !== 'elif') return [];
  const out = new Set<string>();
  for (const m of d.rest.matchAll(/\b(?:defined|IS_ENABLED|IS_BUILTIN|IS_MODULE|IS_REACHABLE)\s*\(?\s*([A-Za-z_]\w*)/g)) out.add(m[1]);
  for (const m of d.rest.matchAll(/\bCONFIG_\w+/g)) out.add(m[0]);
  return [...out];
}

/** Evaluates the condition of an `#if`-family directive under a configuration. */
export function evaluateDirective(d: Directive, config: ConfigChoice): boolean {
  const on = (sym: string): boolean => config[sym] ?? true;
  switch (d.keyword) {
    case 'ifdef':
    case 'elifdef':
      return on(conditionSymbols(d)[0] ?? '');
    case 'ifndef':
    case 'elifndef':
      return !on(conditionSymbols(d)[0] ?? '');
    default:
      return evaluateExpression(d.rest, on) !== 0;
  }
}

/** A small evaluator for `#if` expressions; what it cannot read counts as true. */
export function evaluateExpression(source: string, on: (sym: string) => boolean): number {
  const tokens = source.match(/[A-Za-z_]\w*|0[xX][0-9a-fA-F]+|\d+|&&|\|\||==|!=|<=|>=|<<|>>|\S/g) ?? [];
  let pos = 0;
  const peek = (): string | undefined => tokens[pos];
  const next = (): string | undefined => tokens[pos++];
  const symbolValue = (name: string): number => (on(name) ? 1 : 0);
  const primary = (): number => {
    const t = next();
    if (t === undefined) return 1;
    if (t === '(') {
      const v = orExpr();
      if (peek() === ')') pos++;
      return v;
    }
    if (t === '!') return primary() ? 0 : 1;
    if (t === '-') return -primary();
    if (/^\d|^0[xX]/.test(t)) return parseInt(t, t.startsWith('0x') || t.startsWith('0X') ? 16 : 10) || 0;
    if (/^(defined|IS_ENABLED|IS_BUILTIN|IS_MODULE|IS_REACHABLE)$/.test(t)) {
      const paren = peek() === '(';
      if (paren) pos++;
      const sym = next() ?? '';
      if (paren && peek() === ')') pos++;
      return t === 'IS_MODULE' ? 0 : symbolValue(sym);
    }
    if (/^[A-Za-z_]/.test(t)) {
      if (peek() === '(') skipGroup();
      return symbolValue(t);
    }
    return 1;
  };
  const skipGroup = (): void => {
    let depth = 0;
    do {
      const t = next();
      if (t === '(') depth++;
      else if (t === ')') depth--;
      else if (t === undefined) return;
    } while (depth > 0);
  };
  const binary = (ops: string[], operand: () => number, apply: (op: string, a: number, b: number) => number) => (): number => {
    let left = operand();
    while (ops.includes(peek() ?? '')) {
      const op = next() as string;
      left = apply(op, left, operand());
    }
    return left;
  };
  const additive = binary(['+', '-', '*', '/'], primary, (op, a, b) =>
    op === '+' ? a + b : op === '-' ? a - b : op === '*' ? a * b : b === 0 ? 0 : Math.trunc(a / b));
  const compare = binary(['<', '>', '<=', '>=', '==', '!='], additive, (op, a, b) =>
    Number(op === '<' ? a < b : op === '>' ? a > b : op === '<=' ? a <= b : op === '>=' ? a >= b : op === '==' ? a === b : a !== b));
  const andExpr = binary(['&&'], compare, (_op, a, b) => Number(a !== 0 && b !== 0));
  const orExpr: () => number = binary(['||'], andExpr, (_op, a, b) => Number(a !== 0 || b !== 0));
  try {
    return orExpr();
  } catch {
    return 1;
  }
}

interface Frame {
  /** Whether the group started inside a body (only those are resolved here). */
  inBody: boolean;
  parentActive: boolean;
  taken: boolean;
  active: boolean;
}

export interface BodyConditionals {
  /** Ranges to blank: unselected branches and every directive line inside a body. */
  blank: Range[];
  /** Symbols that in-body conditionals test, in order of first use. */
  symbols: string[];
  /** Each in-body test with its offset, so symbols can be attributed to the function holding them. */
  uses: { offset: number; symbol: string }[];
}

/**
 * Chooses a branch of every conditional group that starts inside a body and
 * returns what to blank. Other directives inside bodies (#define, #undef,
 * #pragma) are blanked too: tree-sitter would not know where they end.
 */
export function resolveBodyConditionals(text: string, directives: Directive[], config: ConfigChoice): BodyConditionals {
  const blank: Range[] = [];
  const symbols = new Set<string>();
  const uses: { offset: number; symbol: string }[] = [];
  const note = (d: Directive): void => conditionSymbols(d).forEach((symbol) => {
    symbols.add(symbol);
    uses.push({ offset: d.start, symbol });
  });
  const stack: Frame[] = [];
  const activeNow = (): boolean => stack.every((f) => !f.inBody || f.active);
  let inactiveFrom = -1;
  for (const d of directives) {
    const wasActive = activeNow();
    const top = stack[stack.length - 1];
    let blankLine = d.depth > 0;
    if (OPENERS.has(d.keyword)) {
      const inBody = d.depth > 0;
      const value = evaluateDirective(d, config);
      if (inBody) note(d);
      stack.push({ inBody, parentActive: wasActive, taken: value, active: value });
    } else if (MIDDLES.has(d.keyword) && top) {
      const value = d.keyword === 'else' || evaluateDirective(d, config);
      if (top.inBody && d.keyword !== 'else') note(d);
      top.active = !top.taken && value;
      top.taken = top.taken || value;
      blankLine = blankLine || top.inBody;
    } else if (d.keyword === 'endif' && top) {
      blankLine = blankLine || top.inBody;
      stack.pop();
    }
    const nowActive = activeNow();
    if (!wasActive && inactiveFrom >= 0) {
      blank.push({ start: inactiveFrom, end: d.lineStart });
      inactiveFrom = -1;
    }
    if (blankLine) blank.push({ start: d.lineStart, end: d.end });
    if (!nowActive) inactiveFrom = d.end;
  }
  if (inactiveFrom >= 0) blank.push({ start: inactiveFrom, end: text.length });
  return { blank, symbols: [...symbols], uses };
}
