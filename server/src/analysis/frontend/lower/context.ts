/**
 * State shared by the lowering functions of one parse: the original text
 * (node spans index it, since masking keeps offsets), what masking changed,
 * and the ERROR nodes the lowering recovered, so they are not counted as
 * remaining errors.
 */
import type { Node } from 'web-tree-sitter';
import type { Span } from '../../../../../simulator/src/span.js';
import type { MaskResult } from './mask.js';

export type TsNode = Node;

export class LowerContext {
  /** Ids of ERROR nodes the lowering understood anyway (a type as a macro argument). */
  readonly recovered = new Set<number>();

  constructor(
    readonly text: string,
    readonly mask: MaskResult,
  ) {}

  textOf(n: TsNode): string {
    return this.text.slice(n.startIndex, n.endIndex);
  }

  /** The text tree-sitter saw; differs from the original only where masking rewrote a name. */
  maskedTextOf(n: TsNode): string {
    return this.mask.masked.slice(n.startIndex, n.endIndex);
  }

  span(n: TsNode): Span {
    return { start: n.startIndex, end: n.endIndex };
  }

  /** Iterator macro rewritten to `while` at this offset, if any. */
  loopMacroAt(offset: number): string | undefined {
    return this.mask.loopMacros.get(offset);
  }

  /** ERROR and MISSING nodes under `n` that the lowering did not recover. */
  countErrors(n: TsNode): number {
    if (!n.hasError && !n.isMissing) return 0;
    let count = 0;
    const cursor = n.walk();
    try {
      let descending = true;
      for (;;) {
        const node = cursor.currentNode;
        if (descending) {
          if (node.isMissing || (node.isError && !this.recovered.has(node.id))) count++;
          if ((node.hasError || node.isMissing) && cursor.gotoFirstChild()) continue;
        }
        if (cursor.gotoNextSibling()) {
          descending = true;
          continue;
        }
        if (!cursor.gotoParent() || cursor.currentNode.id === n.id) break;
        descending = false;
      }
    } finally {
      cursor.delete();
    }
    return count;
  }
}

/** Named children, skipping comments (tree-sitter attaches them anywhere). */
export function namedChildren(n: TsNode): TsNode[] {
  const out: TsNode[] = [];
  for (let i = 0; i < n.namedChildCount; i++) {
    const c = n.namedChild(i);
    if (c && c.type !== 'comment') out.push(c);
  }
  return out;
}

/** All children, comments included, for places where comments carry meaning (gap markers). */
export function allChildren(n: TsNode): TsNode[] {
  const out: TsNode[] = [];
  for (let i = 0; i < n.childCount; i++) {
    const c = n.child(i);
    if (c) out.push(c);
  }
  return out;
}
