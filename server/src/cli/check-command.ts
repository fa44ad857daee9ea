/**
 * `mmreview check FILE... | -`: runs the analysis on each document and prints
 * its findings as gcc-style lines, JSON or SARIF. Exit status: 0 when nothing
 * at or above --fail-on was found, 1 when something was, 2 on a usage or
 * input error (which wins, so a CI step never passes on unread input).
 */
import { analyze, prepareAnalysis, type AnalysisResult } from '../analysis/analyze.js';
import { CHECKS, ruleDocUrl } from '../analysis/checks/registry.js';
import { loadTreeSitterWasm } from '../host/tree-sitter-wasm.js';
import { statSync } from 'node:fs';
import { createFsKernelTree } from '../host/fs-kernel-tree.js';
import type { AnalysisOptions } from '../analysis/service.js';
import { ConfigError, loadProjectConfig } from './project-config.js';
import { SCENARIOS } from '../../../simulator/src/scenarios/index.js';
import type { Severity } from '../analysis/types.js';
import { EXIT_FINDINGS, EXIT_OK, EXIT_USAGE, UsageError, type CliCommand, type CliIo } from './cli-io.js';
import {
  failsAt,
  reportFindings,
  reportIncomplete,
  sortFindings,
  type CheckReport,
  type RuleOverrides,
} from './check-report.js';
import { formatJson } from './format-json.js';
import { formatSarif, type SarifRuleMeta } from './format-sarif.js';
import { formatIncompleteText, formatText } from './format-text.js';
import { choice, parseArgs } from './parse-args.js';
import { readInput } from './read-input.js';

const FORMATS = ['text', 'json', 'sarif'] as const;
const FAIL_ON = ['error', 'warning', 'info', 'hint', 'none'] as const;
const RULE_LEVELS = ['off', 'hint', 'info', 'warning', 'error'] as const;

const USAGE = `usage: mmreview check [options] FILE... | -

Analyses patches (format-patch files, mboxes, review replies; - reads
standard input) and prints findings as FILE:LINE:COL: SEVERITY: MESSAGE [RULE].

  --format text|json|sarif    output format (default text)
  --fail-on error|warning|info|hint|none
                              exit 1 when a finding at or above this severity
                              exists (default warning)
  --rule ID=off|hint|info|warning|error
                              change a rule's severity or turn it off
                              (repeatable; wins over .mmreview.json)
  --scenario S                run only scenario S (default auto: all that apply)
  --kernel-tree DIR           complete partial functions from a kernel tree

Settings can also come from .mmreview.json in the working directory or a
parent: {"rules": {"mm/ID": "off"}, "scenario": "auto", "kernelTree": "."}.
  --help                      print this help

Exit status: 0 clean, 1 findings at or above --fail-on, 2 usage or input error.
`;

export interface CheckDeps {
  analyze(text: string, options?: AnalysisOptions): AnalysisResult;
  /** Loads what the analysis needs (the tree-sitter wasm) before the first document. */
  prepare?(): Promise<void>;
  /** Rule metadata for SARIF, from the rule registry once there is one. */
  rules?: readonly SarifRuleMeta[];
}

interface CheckOptions {
  files: string[];
  scenario?: string;
  kernelTree?: string;
  format: (typeof FORMATS)[number];
  failOn: Severity | 'none';
  overrides: RuleOverrides;
}

function parseRuleOverrides(values: readonly string[]): RuleOverrides {
  const overrides: RuleOverrides = new Map();
  for (const value of values) {
    const eq = value.lastIndexOf('=');
    const id = value.slice(0, eq);
    const level = value.slice(eq + 1);
    if (eq <= 0 || !(RULE_LEVELS as readonly string[]).includes(level)) {
      throw new UsageError(`--rule wants ID=${RULE_LEVELS.join('|')} (got ${value})`);
    }
    overrides.set(id, level as Severity | 'off');
  }
  return overrides;
}

function parseCheckArgs(args: string[]): CheckOptions | 'help' {
  const parsed = parseArgs(args, {
    '--format': { value: true },
    '--fail-on': { value: true },
    '--rule': { value: true, repeatable: true },
    '--scenario': { value: true },
    '--kernel-tree': { value: true },
    '--help': { value: false },
  });
  if (parsed.flags.has('--help')) return 'help';
  if (parsed.positionals.length === 0) throw new UsageError('no FILE given (use - for standard input)');
  return {
    files: parsed.positionals,
    format: choice(parsed, '--format', FORMATS, 'text'),
    failOn: choice(parsed, '--fail-on', FAIL_ON, 'warning'),
    overrides: parseRuleOverrides(parsed.values.get('--rule') ?? []),
    scenario: parsed.values.get('--scenario')?.[0],
    kernelTree: parsed.values.get('--kernel-tree')?.[0],
  };
}

async function collectReport(options: CheckOptions, io: CliIo, deps: CheckDeps): Promise<{ report: CheckReport; inputErrors: number }> {
  const report: CheckReport = { findings: [], incomplete: [] };
  let inputErrors = 0;
  for (const file of options.files) {
    const input = await readInput(file, io);
    if (!input.ok) {
      io.stderr(input.error + '\n');
      inputErrors++;
      continue;
    }
    const { name, text } = input.doc;
    const result = deps.analyze(text, { reports: false, scenario: options.scenario, kernelTree: options.kernelTree ? createFsKernelTree(options.kernelTree) : undefined });
    report.findings.push(...reportFindings(name, text, result.findings, options.overrides));
    report.incomplete.push(...reportIncomplete(name, result.incomplete));
  }
  sortFindings(report.findings);
  return { report, inputErrors };
}

function render(report: CheckReport, options: CheckOptions, io: CliIo, deps: CheckDeps): void {
  if (options.format === 'json') io.stdout(formatJson(report));
  else if (options.format === 'sarif') io.stdout(formatSarif(report, deps.rules));
  else {
    io.stdout(formatText(report));
    io.stderr(formatIncompleteText(report));
  }
}

export function makeCheckCommand(deps: CheckDeps): CliCommand {
  return {
    name: 'check',
    summary: 'analyse patches and report findings (text, JSON or SARIF)',
    usage: USAGE,
    async run(args: string[], io: CliIo): Promise<number> {
      const options = parseCheckArgs(args);
      if (options === 'help') {
        io.stdout(USAGE);
        return EXIT_OK;
      }
      try {
        const config = await loadProjectConfig(io);
        options.overrides = new Map([...config.rules, ...options.overrides]);
        options.scenario ??= config.scenario;
        options.kernelTree ??= config.kernelTree;
      } catch (err) {
        if (!(err instanceof ConfigError)) throw err;
        io.stderr(`mmreview check: ${err.message}\n`);
        return EXIT_USAGE;
      }
      const knownRules = new Set((deps.rules ?? []).map((r) => r.id));
      const unknownRule = [...options.overrides.keys()].find((id) => knownRules.size > 0 && !knownRules.has(id));
      if (unknownRule) throw new UsageError(`unknown rule ${unknownRule} (known: ${[...knownRules].join(', ')})`);
      const scenarios = ['auto', 'none', ...SCENARIOS.map((s) => s.name)];
      if (options.scenario && !scenarios.includes(options.scenario)) {
        io.stderr(`mmreview check: unknown scenario ${options.scenario} (known: ${scenarios.join(', ')})\n`);
        return EXIT_USAGE;
      }
      if (options.kernelTree && !isDirectory(options.kernelTree)) {
        io.stderr(`mmreview check: the kernel tree ${options.kernelTree} is not a directory\n`);
        return EXIT_USAGE;
      }
      await deps.prepare?.();
      const { report, inputErrors } = await collectReport(options, io, deps);
      render(report, options, io, deps);
      if (inputErrors > 0) return EXIT_USAGE;
      return failsAt(report.findings, options.failOn) ? EXIT_FINDINGS : EXIT_OK;
    },
  };
}

export const checkCommand: CliCommand = makeCheckCommand({
  analyze,
  prepare: () => prepareAnalysis(loadTreeSitterWasm()),
  rules: CHECKS.map((c) => ({ id: c.id, shortDescription: c.title, helpUri: ruleDocUrl(c.id), defaultSeverity: c.defaultSeverity })),
});

function isDirectory(dir: string): boolean {
  try {
    return statSync(dir).isDirectory();
  } catch {
    return false;
  }
}
