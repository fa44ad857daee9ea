/**
 * The one module that turns core types (Finding, Hover, OutlineSymbol,
 * CodeLensInfo, Span) into LSP types. Handlers convert in, call the core,
 * and convert out through here, so protocol details stay in one file.
 */
import {
  CodeAction, CodeActionKind, CodeLens, Diagnostic, DiagnosticRelatedInformation, DiagnosticSeverity,
  DocumentSymbol, Hover as LspHover, MarkupKind, Range, SymbolInformation, SymbolKind, TextEdit as LspTextEdit,
} from 'vscode-languageserver';
import type { LineIndex } from '../analysis/line-index.js';
import type { CodeLensInfo, Hover, OutlineSymbol, SymbolKind as CoreSymbolKind } from '../analysis/service.js';
import type { Finding, Fix, Severity, Span } from '../analysis/types.js';
import { SHOW_SIMULATION_COMMAND } from './protocol.js';

export const SOURCE = 'mmreview';

/** Where the rule documents are published; the core's registry owns the layout. */
import { ruleDocUrl } from '../analysis/checks/registry.js';

export { RULE_DOCS_BASE_URL, ruleDocUrl } from '../analysis/checks/registry.js';

/** What a diagnostic carries in `data` so code actions need no re-analysis. */
export interface DiagnosticData {
  version: number;
  fixes: { title: string; edits: LspTextEdit[] }[];
  incomplete?: string;
}

export function toRange(span: Span, lines: LineIndex): Range {
  return { start: lines.positionAt(span.start), end: lines.positionAt(Math.max(span.start, span.end)) };
}


const SEVERITY: Record<Severity, DiagnosticSeverity> = {
  error: DiagnosticSeverity.Error,
  warning: DiagnosticSeverity.Warning,
  info: DiagnosticSeverity.Information,
  hint: DiagnosticSeverity.Hint,
};

export function toDiagnostic(finding: Finding, lines: LineIndex, uri: string, version: number): Diagnostic {
  const data: DiagnosticData = { version, fixes: finding.fixes.map((fix) => toFixData(fix, lines)) };
  if (finding.incomplete) data.incomplete = finding.incomplete;
  return {
    range: toRange(finding.span, lines),
    severity: SEVERITY[finding.severity] ?? DiagnosticSeverity.Warning,
    code: finding.ruleId,
    codeDescription: { href: ruleDocUrl(finding.ruleId) },
    source: SOURCE,
    message: finding.message,
    relatedInformation: finding.related.map((r): DiagnosticRelatedInformation => ({
      location: { uri, range: toRange(r.span, lines) },
      message: r.message,
    })),
    data,
  };
}

function toFixData(fix: Fix, lines: LineIndex): DiagnosticData['fixes'][number] {
  return { title: fix.title, edits: fix.edits.map((e) => ({ range: toRange(e.span, lines), newText: e.newText })) };
}

/** A document-level informational diagnostic (too large, binary, analysis failed). */
export function toNoticeDiagnostic(code: string, message: string): Diagnostic {
  return {
    range: { start: { line: 0, character: 0 }, end: { line: 0, character: 0 } },
    severity: DiagnosticSeverity.Information,
    code,
    source: SOURCE,
    message,
  };
}

/** Quick fixes for one diagnostic from the fixes its `data` carries; the first is preferred. */
export function toCodeActions(diagnostic: Diagnostic, uri: string, version: number): CodeAction[] {
  const data = diagnostic.data as DiagnosticData | undefined;
  if (!data || data.version !== version || !Array.isArray(data.fixes)) return [];
  return data.fixes.map((fix, i) => ({
    title: fix.title,
    kind: CodeActionKind.QuickFix,
    diagnostics: [diagnostic],
    isPreferred: i === 0,
    edit: { changes: { [uri]: fix.edits } },
  }));
}

export function toHover(hover: Hover, lines: LineIndex): LspHover {
  return { contents: { kind: MarkupKind.Markdown, value: hover.contents }, range: toRange(hover.span, lines) };
}

const SYMBOL_KIND: Record<CoreSymbolKind, SymbolKind> = {
  message: SymbolKind.Module,
  patch: SymbolKind.Package,
  file: SymbolKind.File,
  hunk: SymbolKind.Namespace,
  function: SymbolKind.Function,
};

export function toDocumentSymbol(symbol: OutlineSymbol, lines: LineIndex): DocumentSymbol {
  const range = toRange(symbol.span, lines);
  return {
    // Editors reject empty names; a symbol still deserves a row.
    name: symbol.name.trim() || `(${symbol.kind})`,
    detail: symbol.detail,
    kind: SYMBOL_KIND[symbol.kind] ?? SymbolKind.Object,
    range,
    selectionRange: clampInside(toRange(symbol.selectionSpan, lines), range),
    children: symbol.children.map((c) => toDocumentSymbol(c, lines)),
  };
}

/** For clients without hierarchical symbol support. */
export function toSymbolInformation(symbols: DocumentSymbol[], uri: string, container?: string): SymbolInformation[] {
  const out: SymbolInformation[] = [];
  for (const s of symbols) {
    out.push({ name: s.name, kind: s.kind, location: { uri, range: s.range }, containerName: container });
    out.push(...toSymbolInformation(s.children ?? [], uri, s.name));
  }
  return out;
}

export function toCodeLens(lens: CodeLensInfo, lines: LineIndex, uri: string): CodeLens {
  return {
    range: toRange(lens.span, lines),
    command: { title: lens.title, command: SHOW_SIMULATION_COMMAND, arguments: [uri, lens.functionId] },
  };
}

/** LSP requires selectionRange to lie within range; the core's spans should, but never trust. */
function clampInside(inner: Range, outer: Range): Range {
  const before = (a: Range['start'], b: Range['start']) => a.line < b.line || (a.line === b.line && a.character < b.character);
  if (before(inner.start, outer.start) || before(outer.end, inner.end)) return { start: outer.start, end: outer.start };
  return inner;
}
