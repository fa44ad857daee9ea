// Shared by the golden tests: analyse a fixture and print its findings one
// per line, sorted, with 1-based positions, in a form a reviewer can read in
// a diff: `LINE:COL severity rule message`.
import { readFileSync } from 'node:fs';
import { analyze, prepareAnalysis } from '../../server/src/analysis/analyze.js';
import { LineIndex } from '../../server/src/analysis/line-index.js';
import type { Finding } from '../../server/src/analysis/types.js';
import { loadTreeSitterWasm } from '../../server/src/host/tree-sitter-wasm.js';

let ready: Promise<void> | undefined;

export function ready_(): Promise<void> {
  ready ??= prepareAnalysis(loadTreeSitterWasm());
  return ready;
}

export function formatFindings(text: string, findings: readonly Finding[]): string {
  const index = new LineIndex(text);
  const lines = findings.map((f) => {
    const p = index.positionAt(f.span.start);
    return `${p.line + 1}:${p.character + 1} ${f.severity} ${f.ruleId} ${f.message}`;
  });
  return lines.length ? `${lines.join('\n')}\n` : '(no findings)\n';
}

export function analyzeFile(file: string): { text: string; findings: Finding[] } {
  const text = readFileSync(file, 'utf8');
  return { text, findings: analyze(text).findings };
}
