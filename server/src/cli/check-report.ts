/**
 * The check results of a run, in document coordinates every output format
 * shares: 1-based lines and columns (UTF-16 code units, as editors and SARIF
 * count them), sorted by file and position, with --rule overrides applied.
 */
import { LineIndex } from '../analysis/line-index.js';
import { severityRank, type Finding, type IncompleteNote, type Severity } from '../analysis/types.js';

export interface ReportedFinding {
  ruleId: string;
  severity: Severity;
  path: string;
  line: number;
  column: number;
  endLine: number;
  endColumn: number;
  message: string;
  function: string | null;
}

export interface ReportedIncomplete {
  path: string;
  function: string | null;
  reason: string;
}

export interface CheckReport {
  findings: ReportedFinding[];
  incomplete: ReportedIncomplete[];
}

export type RuleOverrides = Map<string, Severity | 'off'>;

/** Applies `--rule ID=SEVERITY|off` to a finding; null when the rule is off. */
export function applyOverride(finding: Finding, overrides: RuleOverrides): Finding | null {
  const override = overrides.get(finding.ruleId);
  if (override === undefined) return finding;
  if (override === 'off') return null;
  return { ...finding, severity: override };
}

export function reportFindings(path: string, text: string, findings: readonly Finding[], overrides: RuleOverrides): ReportedFinding[] {
  const index = new LineIndex(text);
  const out: ReportedFinding[] = [];
  for (const raw of findings) {
    const finding = applyOverride(raw, overrides);
    if (!finding) continue;
    const start = index.positionAt(finding.span.start);
    const end = index.positionAt(Math.max(finding.span.start, finding.span.end));
    out.push({
      ruleId: finding.ruleId,
      severity: finding.severity,
      path,
      line: start.line + 1,
      column: start.character + 1,
      endLine: end.line + 1,
      endColumn: end.character + 1,
      message: finding.message,
      function: finding.function ?? null,
    });
  }
  return out;
}

export function reportIncomplete(path: string, notes: readonly IncompleteNote[]): ReportedIncomplete[] {
  return notes.map((n) => ({ path, function: n.function ?? null, reason: n.reason }));
}

function compare(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

/** Orders findings by file, then position, then rule, so output is deterministic. */
export function sortFindings(findings: ReportedFinding[]): ReportedFinding[] {
  return findings.sort(
    (a, b) => compare(a.path, b.path) || a.line - b.line || a.column - b.column || compare(a.ruleId, b.ruleId) || compare(a.message, b.message),
  );
}

/** True when some finding is at or above the --fail-on threshold. */
export function failsAt(findings: readonly ReportedFinding[], failOn: Severity | 'none'): boolean {
  if (failOn === 'none') return false;
  return findings.some((f) => severityRank(f.severity) >= severityRank(failOn));
}
