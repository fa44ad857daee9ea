/**
 * Diagnostics for an analysed document, pushed (publishDiagnostics) to
 * clients that do not pull and answered to textDocument/diagnostic for those
 * that do. Never both: a client that pulls would show every finding twice.
 */
import {
  type CancellationToken, type Connection, type Diagnostic, type DocumentDiagnosticParams,
  type DocumentDiagnosticReport, DocumentDiagnosticReportKind, LSPErrorCodes, ResponseError,
} from 'vscode-languageserver';
import type { AnalysedDocument } from './analysis-engine.js';
import type { AnalysisScheduler } from './analysis-scheduler.js';
import { toDiagnostic, toNoticeDiagnostic } from './convert.js';

export function diagnosticsOf(doc: AnalysedDocument): Diagnostic[] {
  if (doc.notice) return [toNoticeDiagnostic(doc.notice.code, doc.notice.message)];
  if (!doc.result) return [];
  return doc.result.findings.map((f) => toDiagnostic(f, doc.lines, doc.uri, doc.version));
}

export function publishDiagnostics(connection: Connection, doc: AnalysedDocument): void {
  void connection.sendDiagnostics({ uri: doc.uri, version: doc.version, diagnostics: diagnosticsOf(doc) });
}

export function clearDiagnostics(connection: Connection, uri: string): void {
  void connection.sendDiagnostics({ uri, diagnostics: [] });
}

export const EMPTY_REPORT: DocumentDiagnosticReport = { kind: DocumentDiagnosticReportKind.Full, items: [] };

/** The result id of a report names the analysis run it came from, so an unchanged one is not resent. */
function resultIdOf(doc: AnalysedDocument): string {
  return `${doc.runId ?? 0}:${doc.version}`;
}

export async function pullDiagnostics(
  scheduler: AnalysisScheduler,
  params: DocumentDiagnosticParams,
  token: CancellationToken,
): Promise<DocumentDiagnosticReport> {
  // Wait for the debounced run rather than forcing one: the client pulls on every keystroke.
  const doc = await untilCancelled(scheduler.resultFor(params.textDocument.uri, false), token);
  if (!doc) return EMPTY_REPORT;
  const resultId = resultIdOf(doc);
  if (params.previousResultId === resultId) return { kind: DocumentDiagnosticReportKind.Unchanged, resultId };
  return { kind: DocumentDiagnosticReportKind.Full, resultId, items: diagnosticsOf(doc) };
}

function untilCancelled<T>(work: Promise<T>, token: CancellationToken): Promise<T> {
  if (token.isCancellationRequested) return Promise.reject(cancelled());
  return new Promise((resolve, reject) => {
    const sub = token.onCancellationRequested(() => reject(cancelled()));
    work.then((v) => { sub.dispose(); resolve(v); }, (e) => { sub.dispose(); reject(e); });
  });
}

function cancelled(): ResponseError<{ retriggerRequest: boolean }> {
  return new ResponseError(LSPErrorCodes.ServerCancelled, 'superseded by a newer version', { retriggerRequest: true });
}
