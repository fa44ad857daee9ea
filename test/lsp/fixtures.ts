/** Fixture text for the LSP tests, written by the team. */
import { readFileSync } from 'node:fs';
import path from 'node:path';

export function fixture(name: string): string {
  return readFileSync(path.join(process.cwd(), 'test/fixtures/lsp', name), 'utf8');
}

let counter = 0;
/** A fresh document URI per use, so tests never see each other's documents. */
export function docUri(name = 'doc.patch'): string {
  return `file:///tmp/mmreview-lsp-test/${process.pid}-${++counter}-${name}`;
}
