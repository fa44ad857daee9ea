// Harness self-test stub of the mmreview CLI (E2E_SELFTEST=1): `check FILE --format json`
// and `lsp --stdio` report the same fake finding on each pud_clear( line, so the Neovim
// test can be checked without the analysis. Not the product.
import fs from 'node:fs';
import { createRequire } from 'node:module';

const require = createRequire(import.meta.url);

function findings(text, path) {
  return text.split('\n').flatMap((l, i) => {
    const c = l.indexOf('pud_clear(');
    return c < 0 ? [] : [{ ruleId: 'mm/pgtable-write-unlocked', severity: 'warning', path, line: i + 1, column: c + 1,
      endLine: i + 1, endColumn: c + 'pud_clear('.length + 1, message: 'pud_clear() with only the PMD ptl held', function: null }];
  });
}

const [cmd, arg] = process.argv.slice(2);
if (cmd === 'check') {
  process.stdout.write(JSON.stringify({ findings: findings(fs.readFileSync(arg, 'utf8'), arg), incomplete: [] }) + '\n');
} else if (cmd === 'lsp') {
  const { createConnection, ProposedFeatures, TextDocuments, TextDocumentSyncKind } = require('vscode-languageserver/node');
  const { TextDocument } = require('vscode-languageserver-textdocument');
  const conn = createConnection(ProposedFeatures.all);
  const docs = new TextDocuments(TextDocument);
  conn.onInitialize(() => ({ capabilities: { textDocumentSync: TextDocumentSyncKind.Incremental } }));
  docs.onDidChangeContent(({ document }) => conn.sendDiagnostics({
    uri: document.uri,
    diagnostics: findings(document.getText(), document.uri).map((f) => ({
      range: { start: { line: f.line - 1, character: f.column - 1 }, end: { line: f.endLine - 1, character: f.endColumn - 1 } },
      severity: 2, code: f.ruleId, source: 'mmreview', message: f.message,
    })),
  }));
  docs.listen(conn);
  conn.listen();
} else {
  process.stderr.write('usage: stub-mmreview.mjs check FILE --format json | lsp --stdio\n');
  process.exit(2);
}
