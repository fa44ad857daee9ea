/**
 * The `mmreview/status` notification that feeds the VS Code status bar item,
 * sent only to clients that asked for it in their initialization options.
 */
import type { Connection } from 'vscode-languageserver';
import type { AnalysedDocument, DocumentSnapshot } from './analysis-engine.js';
import { STATUS_NOTIFICATION, type StatusParams } from './protocol.js';

export function analysingStatus(doc: DocumentSnapshot): StatusParams {
  return { uri: doc.uri, version: doc.version, state: 'analysing', findings: 0, incomplete: false };
}

export function finishedStatus(doc: AnalysedDocument): StatusParams {
  const base = { uri: doc.uri, version: doc.version };
  if (doc.notice) {
    const state = doc.notice.code === 'mmreview/analysis-failed' ? 'failed' : 'skipped';
    return { ...base, state, findings: 0, incomplete: false, message: doc.notice.message };
  }
  const result = doc.result;
  const incomplete = !!result && (result.incomplete.length > 0 || result.findings.some((f) => f.incomplete));
  return { ...base, state: 'done', findings: result?.findings.length ?? 0, incomplete };
}

export function sendStatus(connection: Connection, status: StatusParams): void {
  void connection.sendNotification(STATUS_NOTIFICATION, status);
}
