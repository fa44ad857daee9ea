/**
 * The floor the analysis is compared with: web-tree-sitter parsing the same
 * C text with the same grammar, in the same process and run. Nothing else
 * (no masking, no lowering, no walk): parse, then delete the tree, which a
 * caller that parses must also do.
 *
 * The parser here is a second Parser on the module the frontend initialised
 * (prepareAnalysis runs Parser.init), so both use the same wasm instance.
 */
import { Language, Parser } from 'web-tree-sitter';
import type { PatchSet } from '../../server/src/analysis/ingest/types.js';
import type { ChangedFunction } from '../../server/src/analysis/frontend/types.js';

export class RawParser {
  private constructor(private readonly parser: Parser) {}

  /** Call after prepareAnalysis(), which has run Parser.init. */
  static async create(grammar: Uint8Array): Promise<RawParser> {
    const language = await Language.load(grammar);
    const parser = new Parser();
    parser.setLanguage(language);
    return new RawParser(parser);
  }

  /** Parses every text once; returns the elapsed milliseconds. */
  time(texts: readonly string[]): number {
    const t0 = performance.now();
    for (const text of texts) {
      const tree = this.parser.parse(text);
      tree?.delete();
    }
    return performance.now() - t0;
  }
}

/**
 * The C text a document carries: for every quoted file diff, the post-image
 * lines of its hunks (context and added, markers and quote prefixes removed),
 * one text per file diff. This is what a reviewer's tree-sitter would parse.
 */
export function postImageTexts(patchSet: PatchSet): string[] {
  const out: string[] = [];
  for (const m of patchSet.messages) {
    for (const p of m.patches) {
      for (const f of p.files) {
        const lines: string[] = [];
        for (const h of f.hunks) for (const l of h.lines) if (l.kind !== 'removed') lines.push(l.text);
        if (lines.length) out.push(lines.join('\n') + '\n');
      }
    }
  }
  return out;
}

/** The changed functions' own post text (what the simulator runs), one text per function. */
export function changedFunctionTexts(functions: readonly ChangedFunction[]): string[] {
  return functions.filter((f) => f.postText).map((f) => f.postText);
}
