/**
 * What the frontend hands to the simulator and the checks: the C functions a
 * patch adds, removes or changes, each lowered to the simulator's plain AST,
 * with a map from the rebuilt text back to every quoted occurrence in the
 * document.
 */
import type { FunctionAst } from '../../../../simulator/src/ast.js';
import type { Span } from '../../../../simulator/src/span.js';

export type ChangeKind = 'added' | 'modified' | 'removed' | 'declared';

export interface ChangedFunction {
  /** Stable key: file + name + variant, used for caching and hover lookup. */
  id: string;
  name: string;
  file: string;
  kind: ChangeKind;
  /**
   * The configuration this variant belongs to, when an `#ifdef` splits the
   * function into variants: for example "CONFIG_MAY_SHARE_FSDAX_PMD" or
   * "!CONFIG_MAY_SHARE_FSDAX_PMD". Empty for the plain function.
   */
  config: string;
  /** Whether the whole body is visible (after applying the kernel tree, if any). */
  complete: boolean;
  /** Which part is visible when not complete, in words: "lines 12-30 of the body". */
  completeness: string;
  /** The post-image text the AST was lowered from (the function alone). */
  postText: string;
  /** The pre-image text, where the patch shows it. */
  preText?: string;
  /** The lowered post-image function; absent for removed functions and bodiless declarations. */
  ast?: FunctionAst;
  /** The lowered pre-image, where visible and parseable. */
  preAst?: FunctionAst;
  /** Every place in the document the function's changed lines are quoted. */
  occurrences: Occurrence[];
  /** Functions in the same file (patch or kernel tree) that call this one. */
  callers: string[];
  /** Tree-sitter ERROR/MISSING nodes left after recovery. */
  errorNodes: number;
  /** Where the body came from: the patch alone, or the kernel tree with the hunks applied. */
  source: 'patch' | 'kernel-tree';
}

export interface Occurrence {
  /** Index into PatchSet.messages. */
  message: number;
  quoteDepth: number;
  /** 0-based first and last document lines of the occurrence. */
  startLine: number;
  endLine: number;
  /**
   * Maps offsets of `postText` to document offsets for this occurrence.
   * Lines of the function that this occurrence does not quote map to nothing.
   */
  map: OffsetMap;
  /**
   * Maps offsets of `preText` to document offsets, where this occurrence
   * quotes pre-image (removed or context) lines. Added by the frontend for
   * removed functions and quotes that show only removed lines.
   */
  preMap?: OffsetMap;
}

/** One line of the function text and where the same line stands in the document. */
export interface LineMapping {
  /** Offset of the line start in the function text. */
  textStart: number;
  /** Length of the line in the function text. */
  textLength: number;
  /** Span of the same line's code in the document. */
  doc: Span;
  /** True when the document line has the same characters (columns map one to one). */
  exact: boolean;
}

export interface OffsetMap {
  lines: LineMapping[];
}

/** A struct or macro definition taken from the kernel tree for the simulator. */
export interface Definition {
  name: string;
  kind: 'struct' | 'macro' | 'function';
  text: string;
  file: string;
}

export interface FrontendResult {
  functions: ChangedFunction[];
  /** Struct and macro definitions (kernel tree mode only). */
  definitions: Definition[];
  /** What could not be seen or parsed, in words. */
  notes: string[];
}
