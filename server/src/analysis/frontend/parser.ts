/**
 * The tree-sitter side of the frontend: loads the parser and the C grammar
 * once per process from wasm bytes the host hands over (the core does no
 * I/O), parses C text, lowers every function to the simulator's AST and
 * deletes the tree before returning, so no tree ever leaves this module.
 */
import { Language, Parser, type Node } from 'web-tree-sitter';
import type { FunctionAst } from '../../../../simulator/src/ast.js';
import { LowerContext } from './lower/context.js';
import { collectFunctionNodes, lowerFunctionNode, type LoweredFunction } from './lower/function.js';
import { maskKernelC } from './lower/mask.js';
import { resolveBodyConditionals, type ConfigChoice } from './lower/preproc.js';
import { scanC } from './lower/scan.js';

export type { ConfigChoice } from './lower/preproc.js';
export type { LoweredFunction } from './lower/function.js';

export interface FrontendWasm {
  /** tree-sitter.wasm, the web-tree-sitter runtime. */
  runtime: Uint8Array;
  /** tree-sitter-c.wasm, the C grammar. */
  language: Uint8Array;
}

interface LoadedParser {
  parser: Parser;
  language: Language;
  /** The Emscripten module object; its HEAP8 views the wasm memory, which is how heap growth is measured. */
  module: { HEAP8?: Int8Array };
}

let loaded: LoadedParser | undefined;
let loading: Promise<void> | undefined;

/** Loads the runtime and the grammar. Safe to call many times; the work happens once. */
export function initFrontend(wasm: FrontendWasm): Promise<void> {
  if (loaded) return Promise.resolve();
  loading ??= (async () => {
    const module: LoadedParser['module'] & { wasmBinary: Uint8Array } = { wasmBinary: wasm.runtime };
    await Parser.init(module as unknown as Parameters<typeof Parser.init>[0]);
    const language = await Language.load(wasm.language);
    const parser = new Parser();
    parser.setLanguage(language);
    loaded = { parser, language, module };
  })().catch((err: unknown) => {
    loading = undefined;
    throw err;
  });
  return loading;
}

export function isFrontendReady(): boolean {
  return loaded !== undefined;
}

/** Size of the tree-sitter wasm linear memory in bytes (it only grows, so a stable figure means no leak). */
export function wasmHeapBytes(): number {
  return loaded?.module.HEAP8?.buffer.byteLength ?? 0;
}

function requireParser(): LoadedParser {
  if (!loaded) throw new Error('mmreview frontend used before initFrontend() finished');
  return loaded;
}

/**
 * Parses masked C text and hands the root node to `use`; the tree is deleted
 * afterwards whatever happens. Only frontend modules call this.
 */
export function withCTree<T>(text: string, config: ConfigChoice, use: (root: Node, ctx: LowerContext) => T): T {
  const { parser } = requireParser();
  const mask = maskKernelC(text, config);
  const tree = parser.parse(mask.masked);
  if (!tree) throw new Error('tree-sitter returned no tree');
  try {
    return use(tree.rootNode, new LowerContext(text, mask));
  } finally {
    tree.delete();
  }
}

function bodySymbolsWithin(ctx: LowerContext, fn: FunctionAst): string[] {
  const body = fn.body?.span;
  if (!body) return [];
  const inside = ctx.mask.bodySymbolUses.filter((u) => u.offset >= body.start && u.offset < body.end).map((u) => u.symbol);
  return [...new Set(inside)];
}

/** Every function with its file-level conditions and in-body configuration symbols. */
export function lowerCSourceDetailed(text: string, config: ConfigChoice = {}): { functions: LoweredFunction[]; errorNodes: number } {
  requireParser();
  try {
    return withCTree(text, config, (root, ctx) => {
      const functions: LoweredFunction[] = [];
      for (const { node, conditions } of collectFunctionNodes(ctx, root)) {
        const regionStart = node.previousSibling?.endIndex ?? node.parent?.startIndex ?? 0;
        let ast: FunctionAst | null = null;
        try {
          ast = lowerFunctionNode(ctx, node, regionStart);
        } catch {
          // Pathological input (deep nesting) can exhaust the stack; the function is then skipped.
          ast = null;
        }
        if (ast) functions.push({ ast, conditions, bodySymbols: bodySymbolsWithin(ctx, ast) });
      }
      return { functions, errorNodes: ctx.countErrors(root) };
    });
  } catch {
    return { functions: [], errorNodes: 0 };
  }
}

/** Parses C text and lowers every function definition and prototype. Never throws on input. */
export function lowerCSource(text: string, config: ConfigChoice = {}): { functions: FunctionAst[]; errorNodes: number } {
  const { functions, errorNodes } = lowerCSourceDetailed(text, config);
  return { functions: functions.map((f) => f.ast), errorNodes };
}

const TOP_LEVEL_CONTAINERS = new Set(['translation_unit', 'preproc_ifdef', 'preproc_if', 'preproc_else', 'preproc_elif', 'preproc_elifdef']);
const NEVER_AT_FILE_LEVEL = new Set(['if_statement', 'for_statement', 'while_statement', 'do_statement', 'switch_statement', 'return_statement', 'goto_statement', 'break_statement', 'continue_statement', 'labeled_statement', 'case_statement', 'compound_statement']);

/** File-level nodes that can only be statements inside a body (tree-sitter accepts them at file level). */
function misplacedStatements(ctx: LowerContext, root: Node): number {
  let count = 0;
  const visit = (n: Node): void => {
    for (let i = 0; i < n.namedChildCount; i++) {
      const c = n.namedChild(i);
      if (!c) continue;
      if (TOP_LEVEL_CONTAINERS.has(c.type)) visit(c);
      else if (NEVER_AT_FILE_LEVEL.has(c.type)) count++;
      else if (c.type === 'expression_statement' && c.namedChild(0)?.type !== 'call_expression') count++;
    }
  };
  visit(root);
  return count;
}

/**
 * How badly a candidate text parses: remaining error nodes plus statements
 * standing at file level. The rebuild uses it to choose where a hunk starts.
 */
export function parseBadness(text: string): number {
  requireParser();
  try {
    return withCTree(text, {}, (root, ctx) => ctx.countErrors(root) + misplacedStatements(ctx, root));
  } catch {
    return Number.MAX_SAFE_INTEGER;
  }
}

/** Configuration symbols that `#if` groups inside function bodies test, so callers can build variants. */
export function listBodyConfigSymbols(text: string): string[] {
  return resolveBodyConditionals(text, scanC(text).directives, {}).symbols;
}
