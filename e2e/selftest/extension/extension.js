// Harness self-test stub (E2E_SELFTEST=1): a finding on each pud_clear( and page++,
// a hover on unshare_huge_pmd, and an nth_page quick fix. Not the product: it only
// shows that the harness can see each of these when an extension provides them.
const vscode = require('vscode');

const RULES = [
  { re: /pud_clear\(pud\);/, code: 'mm/pgtable-write-unlocked', msg: 'pud_clear() writes the PUD with only the PMD ptl held' },
  { re: /page\+\+/, code: 'mm/gigantic-page-iter', msg: 'page++ may leave the memmap section of a gigantic folio' },
];

function diagnose(doc) {
  const out = [];
  for (let i = 0; i < doc.lineCount; i++) {
    const text = doc.lineAt(i).text;
    for (const r of RULES) {
      const m = r.re.exec(text);
      if (!m) continue;
      const d = new vscode.Diagnostic(new vscode.Range(i, m.index, i, m.index + m[0].length), r.msg, vscode.DiagnosticSeverity.Warning);
      d.source = 'mmreview';
      d.code = r.code;
      out.push(d);
    }
  }
  return out;
}

function activate(context) {
  const coll = vscode.languages.createDiagnosticCollection('mmreview');
  const refresh = (doc) => { if (doc.uri.scheme === 'file') coll.set(doc.uri, diagnose(doc)); };
  vscode.workspace.textDocuments.forEach(refresh);
  const all = { scheme: 'file' };
  context.subscriptions.push(coll,
    vscode.workspace.onDidOpenTextDocument(refresh),
    vscode.workspace.onDidChangeTextDocument((e) => refresh(e.document)),
    vscode.languages.registerHoverProvider(all, {
      provideHover(doc, pos) {
        const range = doc.getWordRangeAtPosition(pos, /[A-Za-z_]\w*/);
        if (!range || !doc.getText(range).startsWith('unshare_huge_pmd')) return undefined;
        return new vscode.Hover(new vscode.MarkdownString('**selftest** path: count > 1 -> `pud_clear(pud)` with `ptl` (PMD) held'), range);
      },
    }),
    vscode.languages.registerCodeActionsProvider(all, {
      provideCodeActions(doc, _range, ctx) {
        return ctx.diagnostics.filter((d) => d.code === 'mm/gigantic-page-iter').map((d) => {
          const fix = new vscode.CodeAction('Use nth_page(page, i) (selftest)', vscode.CodeActionKind.QuickFix);
          fix.diagnostics = [d];
          fix.edit = new vscode.WorkspaceEdit();
          fix.edit.replace(doc.uri, d.range, 'nth_page(page, i)');
          return fix;
        });
      },
    }));
}

module.exports = { activate, deactivate() {} };
