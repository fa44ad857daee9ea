/**
 * The whole pipeline for one document: ingest -> frontend -> simulate ->
 * check -> map back. Pure and synchronous once the frontend is initialised;
 * it never throws on user input: a stage that fails leaves a note and the
 * stages before it still give their result.
 */
import { resetTerms } from '../../../simulator/src/solver/term.js';
import { SCENARIOS, scenarioByName } from '../../../simulator/src/scenarios/index.js';
import { CHECKS } from './checks/registry.js';
import type { RawFinding } from './checks/types.js';
import { extractFunctions, isFrontendReady } from './frontend/index.js';
import type { FrontendResult } from './frontend/types.js';
import { ingest } from './ingest/index.js';
import { LineIndex } from './line-index.js';
import { mapFindings } from './map-back.js';
import type { AnalysisOptions, AnalysisResult } from './service.js';
import { buildProgram } from './simulate/program.js';
import { buildReports } from './simulate/reports.js';
import { runAll, type RunCache } from './simulate/run-all.js';
import type { Finding, IncompleteNote, Severity } from './types.js';

function errorText(err: unknown): string {
  return err instanceof Error ? err.message : String(err);
}

function severityResolver(options: AnalysisOptions): (ruleId: string, dflt: Severity) => Severity | 'off' {
  return (ruleId, dflt) => options.severities?.[ruleId] ?? dflt;
}

/**
 * A finding's simulation counts as incomplete for it only when a budget cut
 * the run or code of the finding's own function is missing: a caller shown
 * in part does not make a finding in a complete callee uncertain.
 */
function relevantIncomplete(r: RawFinding): string | undefined {
  if (!r.incomplete) return undefined;
  const own = new RegExp(`\\b${r.function.replace(/[^\w]/g, '')}\\b`);
  return /budget/.test(r.incomplete) || own.test(r.incomplete) ? r.incomplete : undefined;
}

export function sortFindings(findings: Finding[]): Finding[] {
  return findings.sort((a, b) => a.span.start - b.span.start || a.span.end - b.span.end || a.ruleId.localeCompare(b.ruleId));
}

/** Stage durations, when the caller passes a clock (the benchmark does). */
export interface StageTimings {
  ingest: number;
  frontend: number;
  simulate: number;
  check: number;
  mapBack: number;
}

export interface PipelineHooks {
  cancelled?: () => boolean;
  /** A monotonic clock in milliseconds; the core has none of its own (no I/O, no globals). */
  clock?: () => number;
  timings?: StageTimings;
  /** Runs kept from earlier analyses of this document (the language server's session keeps one). */
  runCache?: RunCache;
  /** Raw findings by the key of the runs they came from: an edit that leaves the functions alone skips the checks too. */
  findingsCache?: Map<string, RawFinding[]>;
}

export function runPipeline(text: string, options: AnalysisOptions = {}, hooks: PipelineHooks = {}): AnalysisResult {
  const clock = hooks.clock ?? (() => 0);
  let mark = clock();
  const lap = (stage: keyof StageTimings) => {
    const now = clock();
    if (hooks.timings) hooks.timings[stage] = now - mark;
    mark = now;
  };
  const cancelled = hooks.cancelled;
  resetTerms();
  const patchSet = ingest(text);
  lap('ingest');
  const incomplete: IncompleteNote[] = patchSet.notes.map((reason) => ({ reason }));
  let frontend: FrontendResult = { functions: [], definitions: [], notes: [] };
  if (!isFrontendReady()) incomplete.push({ reason: 'the C frontend is not loaded; functions were not analysed' });
  else {
    try {
      frontend = extractFunctions(patchSet, text, { kernelTree: options.kernelTree });
    } catch (err) {
      incomplete.push({ reason: `the frontend failed: ${errorText(err)}` });
    }
  }
  // Notes about what could not be seen (a file missing from the kernel tree,
  // a function cut by the quote) belong with the rest of the incomplete list.
  for (const reason of frontend.notes) incomplete.push({ reason });
  const scenario = options.scenario ?? 'auto';
  if (scenario !== 'auto' && !scenarioByName(scenario)) incomplete.push({ reason: `unknown scenario "${scenario}"; known: auto, ${['none', ...SCENARIOS.map((s) => s.name)].join(', ')}` });
  lap('frontend');
  const program = buildProgram(frontend.functions);
  const { runs, incomplete: runNotes, key: runsKey } = runAll(program, options.scenario ?? 'auto', options.budgets ?? {}, cancelled, hooks.runCache);
  incomplete.push(...runNotes);
  lap('simulate');
  const cachedFindings = runsKey !== undefined ? hooks.findingsCache?.get(runsKey) : undefined;
  if (cachedFindings && runsKey !== undefined) {
    hooks.findingsCache?.delete(runsKey);
    hooks.findingsCache?.set(runsKey, cachedFindings);
  }
  const raw: RawFinding[] = cachedFindings ? [...cachedFindings] : [];
  if (!cachedFindings) {
    for (const check of CHECKS) {
      try {
        raw.push(...check.run({ runs, program }));
      } catch (err) {
        incomplete.push({ reason: `check ${check.id} failed: ${errorText(err)}` });
      }
    }
    if (runsKey !== undefined) hooks.findingsCache?.set(runsKey, [...raw]);
  }
  lap('check');
  const index = new LineIndex(text);
  const relevant = raw.map((r) => ({ ...r, incomplete: relevantIncomplete(r) }));
  const findings = sortFindings(mapFindings(relevant, frontend.functions, text, severityResolver(options)));
  lap('mapBack');
  const result: AnalysisResult = { patchSet, functions: frontend.functions, reports: [], findings, incomplete };
  if (options.reports === false) return result;
  // The summaries are for the hover, the lens and `simulate`, not for the
  // diagnostics: built on first use, so re-diagnosis after an edit skips them.
  let reports: AnalysisResult['reports'] | undefined;
  Object.defineProperty(result, 'reports', {
    enumerable: true,
    get: () => {
      if (!reports) {
        try {
          reports = buildReports(frontend.functions, runs, text, index);
        } catch (err) {
          reports = [];
          incomplete.push({ reason: `the summaries failed: ${errorText(err)}` });
        }
      }
      return reports;
    },
  });
  return result;
}
