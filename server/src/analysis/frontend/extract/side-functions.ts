/**
 * The functions one side of a rebuilt file holds, with the rebuilt lines
 * they cover, the file-level conditions they sit under and the functions
 * they call. File-level conditions that are only include guards or `#if 1`
 * are dropped; two bodies of one function under the same visible conditions
 * mean the later one sits in an `#else` the quote does not show.
 */
import type { Expr, FunctionAst, Stmt } from '../../../../../simulator/src/ast.js';
import { lowerCSourceDetailed } from '../parser.js';
import { negateCondition } from '../lower/function.js';
import { lineAt, type RebuiltFile } from '../rebuild/rebuild-file.js';
import type { RebuiltLine } from '../rebuild/text-builder.js';
import type { Image } from '../rebuild/visible-lines.js';

export interface SideFunction {
  name: string;
  conditions: string[];
  /** First and last rebuilt line (inclusive). */
  startLine: number;
  endLine: number;
  hasBody: boolean;
  complete: boolean;
  /** Whether lines this side adds (post) or removes (pre) fall inside the function. */
  changed: boolean;
  /** Kind of the line holding the function's name: 'synthetic' when the header came from a `@@` context. */
  nameLineKind: RebuiltLine['kind'];
  calls: string[];
  errorNodes: number;
  /** The function lowered with every configuration symbol on, spans relative to the rebuilt file. */
  ast: FunctionAst;
}

export function isIgnorableCondition(c: string): boolean {
  return c === '1' || c === '!0' || (!c.includes('CONFIG_') && /^!?_*[A-Z0-9_]*_H_*$/.test(c));
}

export function configOf(conditions: string[]): string {
  return conditions.join(' && ');
}

/** Every callee named in a function body. */
export function calledNames(fn: FunctionAst): string[] {
  const out = new Set<string>();
  const stack: unknown[] = fn.body ? [fn.body] : [];
  while (stack.length) {
    const node = stack.pop();
    if (!node || typeof node !== 'object') continue;
    if (Array.isArray(node)) {
      stack.push(...node);
      continue;
    }
    const n = node as Expr | Stmt;
    if (n.kind === 'call') out.add(n.callee);
    const fields = n as unknown as Record<string, unknown>;
    // for..in rather than Object.values: this walks every function of every rebuilt file.
    for (const k in fields) {
      const v = fields[k];
      if (v && typeof v === 'object') stack.push(v);
    }
  }
  return [...out];
}

function changedWithin(lines: RebuiltLine[], start: number, end: number, image: Image): boolean {
  const kind = image === 'post' ? 'added' : 'removed';
  for (let i = start; i <= end; i++) if (lines[i]?.kind === kind) return true;
  return false;
}

/** Gives each repeated (name, conditions) body after the first the negated innermost condition. */
function separateHiddenElse(fns: SideFunction[]): void {
  const seen = new Map<string, number>();
  for (const f of fns) {
    if (!f.hasBody) continue;
    const key = `${f.name}|${configOf(f.conditions)}`;
    const count = (seen.get(key) ?? 0) + 1;
    seen.set(key, count);
    if (count === 1) continue;
    if (f.conditions.length > 0) {
      f.conditions = [...f.conditions.slice(0, -1), negateCondition(f.conditions[f.conditions.length - 1])];
    } else {
      f.conditions = [`variant ${count}`];
    }
  }
}

export function sideFunctions(file: RebuiltFile, image: Image): SideFunction[] {
  const { functions } = lowerCSourceDetailed(file.text);
  const out: SideFunction[] = functions.map(({ ast, conditions }) => {
    const startLine = lineAt(file, ast.span.start);
    const endLine = lineAt(file, Math.max(ast.span.start, ast.span.end - 1));
    return {
      name: ast.name,
      conditions: conditions.filter((c) => !isIgnorableCondition(c)),
      startLine,
      endLine,
      hasBody: !!ast.body,
      complete: ast.complete,
      changed: changedWithin(file.lines, startLine, endLine, image),
      nameLineKind: file.lines[lineAt(file, ast.nameSpan.start)]?.kind ?? 'synthetic',
      calls: calledNames(ast),
      errorNodes: ast.errorNodes,
      ast,
    };
  });
  separateHiddenElse(out);
  return out;
}
