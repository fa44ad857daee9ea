/**
 * Handlers of the mmreview-specific requests (protocol.ts has their shapes):
 * the simulation text behind the "Simulate" code lens, the list of changed
 * functions, and the scenario names.
 */
import { SCENARIOS } from '../../../simulator/src/scenarios/index.js';
import { simulationText } from '../analysis/session.js';
import type { AnalysisScheduler } from './analysis-scheduler.js';
import type { FunctionEntry, FunctionsParams, ScenariosResult, SimulationParams, SimulationResult } from './protocol.js';

export async function simulation(scheduler: AnalysisScheduler, params: SimulationParams): Promise<SimulationResult> {
  const doc = await scheduler.resultFor(params.uri, true);
  if (!doc?.result) return null;
  return simulationText(doc.result, params.functionId) ?? null;
}

export async function changedFunctions(scheduler: AnalysisScheduler, params: FunctionsParams): Promise<FunctionEntry[]> {
  const doc = await scheduler.resultFor(params.uri, true);
  if (!doc?.result) return [];
  return doc.result.reports.map((r) => {
    const entry: FunctionEntry = { functionId: r.functionId, name: r.name, headline: r.headline };
    if (r.incomplete) entry.incomplete = r.incomplete;
    return entry;
  });
}

/** The scenario names the setting accepts: 'auto' (all that apply), 'none', then the catalogue. */
export function scenarioNames(): ScenariosResult {
  return ['auto', 'none', ...SCENARIOS.map((s) => s.name)];
}
