/**
 * Finds the two tree-sitter wasm files at run time: beside the running bundle
 * (scripts/build.mjs copies them into dist/), or in node_modules when running
 * from source. The pure frontend receives the bytes, never a path.
 */
import { existsSync, readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import type { FrontendWasm } from '../analysis/frontend/parser.js';

const RUNTIME = 'tree-sitter.wasm';
const GRAMMAR = 'tree-sitter-c.wasm';

function candidateDirs(): { runtime: string[]; grammar: string[] } {
  const here = typeof __dirname === 'string' ? __dirname : process.cwd();
  const dirs = [here, path.join(here, '..'), path.join(process.cwd(), 'dist')];
  const runtime = dirs.map((d) => path.join(d, RUNTIME));
  const grammar = dirs.map((d) => path.join(d, GRAMMAR));
  try {
    const req = createRequire(path.join(process.cwd(), 'package.json'));
    runtime.push(path.join(path.dirname(req.resolve('web-tree-sitter/package.json')), RUNTIME));
    grammar.push(path.join(path.dirname(req.resolve('tree-sitter-c/package.json')), GRAMMAR));
  } catch {
    // Not running from a checkout; the dist/ candidates are all there is.
  }
  return { runtime, grammar };
}

function firstExisting(paths: string[], what: string): string {
  const found = paths.find((p) => existsSync(p));
  if (!found) throw new Error(`cannot find ${what}; looked in: ${paths.join(', ')}`);
  return found;
}

/** Reads both wasm files; throws with the places searched when one is missing. */
export function loadTreeSitterWasm(): FrontendWasm {
  const { runtime, grammar } = candidateDirs();
  return {
    runtime: readFileSync(firstExisting(runtime, RUNTIME)),
    language: readFileSync(firstExisting(grammar, GRAMMAR)),
  };
}
