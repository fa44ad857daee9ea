/**
 * Hover, code actions, document symbols and code lenses. Each handler finds
 * the analysis of the document's current version, calls the core, and
 * converts the answer; the empty answer when there is nothing to say.
 */
import {
  type CodeAction, CodeActionKind, type CodeActionParams, type CodeLens, type CodeLensParams, type Diagnostic,
  type DocumentSymbol, type DocumentSymbolParams, type Hover, type HoverParams, type SymbolInformation,
} from 'vscode-languageserver';
import { codeLenses, hoverAt, outline } from '../analysis/session.js';
import type { AnalysedDocument } from './analysis-engine.js';
import type { AnalysisScheduler } from './analysis-scheduler.js';
import type { ClientFeatures } from './client-features.js';
import {
  SOURCE, toCodeActions, toCodeLens, toDiagnostic, toDocumentSymbol, toHover, toSymbolInformation,
} from './convert.js';

type Analysed = AnalysedDocument & { result: NonNullable<AnalysedDocument['result']> };

/** The analysis of the newest version, when it ran to a result. */
async function analysedNow(scheduler: AnalysisScheduler, uri: string): Promise<Analysed | undefined> {
  const doc = await scheduler.resultFor(uri, true);
  return doc?.result ? (doc as Analysed) : undefined;
}

export async function hover(scheduler: AnalysisScheduler, params: HoverParams): Promise<Hover | null> {
  const doc = await analysedNow(scheduler, params.textDocument.uri);
  if (!doc) return null;
  const found = hoverAt(doc.result, doc.text, doc.lines.offsetAt(params.position));
  return found ? toHover(found, doc.lines) : null;
}

export async function documentSymbols(
  scheduler: AnalysisScheduler, features: ClientFeatures, params: DocumentSymbolParams,
): Promise<DocumentSymbol[] | SymbolInformation[]> {
  const doc = await analysedNow(scheduler, params.textDocument.uri);
  if (!doc) return [];
  const symbols = outline(doc.result, doc.text).map((s) => toDocumentSymbol(s, doc.lines));
  return features.hierarchicalSymbols ? symbols : toSymbolInformation(symbols, doc.uri);
}

export async function codeLensesOf(scheduler: AnalysisScheduler, params: CodeLensParams): Promise<CodeLens[]> {
  const doc = await analysedNow(scheduler, params.textDocument.uri);
  if (!doc) return [];
  return codeLenses(doc.result, doc.text).map((lens) => toCodeLens(lens, doc.lines, doc.uri));
}

export async function codeActions(scheduler: AnalysisScheduler, params: CodeActionParams): Promise<CodeAction[]> {
  const only = params.context.only;
  if (only && !only.some((kind) => CodeActionKind.QuickFix.startsWith(kind))) return [];
  const doc = await analysedNow(scheduler, params.textDocument.uri);
  if (!doc) return [];
  const actions: CodeAction[] = [];
  for (const diagnostic of params.context.diagnostics) {
    if (diagnostic.source !== SOURCE) continue;
    const withData = diagnostic.data === undefined ? rebuildData(doc, diagnostic) : diagnostic;
    if (withData) actions.push(...toCodeActions(withData, doc.uri, doc.version));
  }
  return actions;
}

/** Some clients drop `data` on the way back; find the finding the diagnostic came from. */
function rebuildData(doc: Analysed, diagnostic: Diagnostic): Diagnostic | undefined {
  const same = (a: Diagnostic['range'], b: Diagnostic['range']) =>
    a.start.line === b.start.line && a.start.character === b.start.character
    && a.end.line === b.end.line && a.end.character === b.end.character;
  for (const finding of doc.result.findings) {
    if (finding.ruleId !== diagnostic.code || finding.message !== diagnostic.message) continue;
    const full = toDiagnostic(finding, doc.lines, doc.uri, doc.version);
    if (same(full.range, diagnostic.range)) return { ...diagnostic, data: full.data };
  }
  return undefined;
}
