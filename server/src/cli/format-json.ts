/** The JSON output contract of `mmreview check --format json` (extra fields may be added, never removed). */
import type { CheckReport } from './check-report.js';

export function formatJson(report: CheckReport): string {
  return JSON.stringify({ findings: report.findings, incomplete: report.incomplete }, null, 2) + '\n';
}
