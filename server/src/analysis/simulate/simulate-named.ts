/**
 * `mmreview simulate`: the Summary of one named function, in every variant
 * the patch has (an #ifdef block and its #else stub), under the chosen
 * scenario or all that apply.
 */
import { resetTerms } from '../../../../simulator/src/solver/term.js';
import { extractFunctions } from '../frontend/index.js';
import { ingest } from '../ingest/index.js';
import { LineIndex } from '../line-index.js';
import type { AnalysisOptions } from '../service.js';
import { buildProgram } from './program.js';
import { simulationOf, type FunctionSimulation } from './reports.js';
import { runAll } from './run-all.js';

export interface NamedSimulation extends FunctionSimulation {
  functionId: string;
  config: string;
}

export function simulateNamed(text: string, name: string, options: AnalysisOptions = {}): { simulations: NamedSimulation[]; notes: string[]; known: string[] } {
  resetTerms();
  const patchSet = ingest(text);
  const fe = extractFunctions(patchSet, text, { kernelTree: options.kernelTree });
  const program = buildProgram(fe.functions);
  const { runs, incomplete } = runAll(program, options.scenario ?? 'auto', options.budgets ?? {});
  const index = new LineIndex(text);
  const simulations = fe.functions
    .filter((f) => f.name === name && f.ast?.body)
    .map((f) => ({ functionId: f.id, config: f.config, ...simulationOf(f, runs, fe.functions, text, index) }));
  return { simulations, notes: [...fe.notes, ...incomplete.map((n) => n.reason)], known: fe.functions.map((f) => f.name) };
}
