/**
 * SARIF 2.1.0 output for code-scanning services. Rule metadata comes from the
 * rule registry when it is passed in; results may name rules it lacks.
 */
import type { Severity } from '../analysis/types.js';
import type { CheckReport } from './check-report.js';
import { TOOL_INFORMATION_URI, TOOL_NAME, TOOL_VERSION } from './tool-info.js';

export interface SarifRuleMeta {
  id: string;
  shortDescription: string;
  helpUri?: string;
  defaultSeverity: Severity;
}

const SARIF_SCHEMA = 'https://json.schemastore.org/sarif-2.1.0.json';

/** SARIF has no hint or info level; both are notes. */
export function sarifLevel(severity: Severity): 'error' | 'warning' | 'note' {
  if (severity === 'error') return 'error';
  if (severity === 'warning') return 'warning';
  return 'note';
}

/** A relative URI reference for a reported path, with separators normalized. */
function artifactUri(path: string): string {
  return encodeURI(path.replace(/\\/g, '/'));
}

function sarifRule(meta: SarifRuleMeta): Record<string, unknown> {
  return {
    id: meta.id,
    shortDescription: { text: meta.shortDescription },
    ...(meta.helpUri ? { helpUri: meta.helpUri } : {}),
    defaultConfiguration: { level: sarifLevel(meta.defaultSeverity) },
  };
}

export function formatSarif(report: CheckReport, rules: readonly SarifRuleMeta[] = []): string {
  const ruleIndex = new Map(rules.map((r, i) => [r.id, i]));
  const results = report.findings.map((f) => ({
    ruleId: f.ruleId,
    ...(ruleIndex.has(f.ruleId) ? { ruleIndex: ruleIndex.get(f.ruleId) } : {}),
    level: sarifLevel(f.severity),
    message: { text: f.message },
    locations: [
      {
        physicalLocation: {
          artifactLocation: { uri: artifactUri(f.path) },
          region: { startLine: f.line, startColumn: f.column, endLine: f.endLine, endColumn: f.endColumn },
        },
        ...(f.function ? { logicalLocations: [{ name: f.function, kind: 'function' }] } : {}),
      },
    ],
  }));
  const notifications = report.incomplete.map((n) => ({
    level: 'note',
    message: { text: `${n.path}: incomplete${n.function ? ` (${n.function})` : ''}: ${n.reason}` },
  }));
  const sarif = {
    $schema: SARIF_SCHEMA,
    version: '2.1.0',
    runs: [
      {
        tool: { driver: { name: TOOL_NAME, version: TOOL_VERSION, informationUri: TOOL_INFORMATION_URI, rules: rules.map(sarifRule) } },
        columnKind: 'utf16CodeUnits',
        invocations: [{ executionSuccessful: true, toolExecutionNotifications: notifications }],
        results,
      },
    ],
  };
  return JSON.stringify(sarif, null, 2) + '\n';
}
