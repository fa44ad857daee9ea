/**
 * gcc-style text output, `FILE:LINE:COL: SEVERITY: MESSAGE [RULE]`, which
 * editors, CI log parsers and b4's check hooks already understand.
 */
import type { CheckReport, ReportedFinding } from './check-report.js';

export function formatFindingLine(f: ReportedFinding): string {
  const where = f.function ? ` (in ${f.function})` : '';
  return `${f.path}:${f.line}:${f.column}: ${f.severity}: ${f.message.replace(/\s*\n\s*/g, ' ')}${where} [${f.ruleId}]`;
}

export function formatText(report: CheckReport): string {
  return report.findings.map((f) => formatFindingLine(f) + '\n').join('');
}

/** Incomplete-analysis notes go to stderr in text mode, so stdout stays one finding per line. */
export function formatIncompleteText(report: CheckReport): string {
  return report.incomplete.map((n) => `mmreview: ${n.path}: incomplete${n.function ? ` (${n.function})` : ''}: ${n.reason}\n`).join('');
}
