/**
 * Which simulations to run. A changed function that a changed function calls
 * runs inside its callers (that is its real context); any other one runs on
 * its own, in the context of its well-known kernel callers (or an empty one),
 * once with no scenario and once in each scenario that applies to it.
 */
import type { Program, ProgramFunction } from '../../../../simulator/src/interp/context.js';
import { contextFor, type EntryContext } from '../../../../simulator/src/contexts.js';
import { NO_SCENARIO, SCENARIOS, scenarioByName, type Scenario } from '../../../../simulator/src/scenarios/index.js';
import type { Stmt, Expr } from '../../../../simulator/src/ast.js';

export interface PlannedRun {
  fn: ProgramFunction;
  scenario: Scenario;
  context: EntryContext;
}

const calledCache = new WeakMap<object, Set<string>>();

/** Names called anywhere in a body (cached per body: the frontend keeps lowered ASTs of unchanged quotes). */
export function calledNames(body: Stmt | undefined): Set<string> {
  if (body) {
    const cached = calledCache.get(body);
    if (cached) return cached;
  }
  const names = new Set<string>();
  const visit = (node: unknown): void => {
    if (!node || typeof node !== 'object') return;
    if (Array.isArray(node)) { node.forEach(visit); return; }
    const n = node as Expr;
    if (n.kind === 'call') names.add(n.callee);
    for (const v of Object.values(node)) if (v && typeof v === 'object') visit(v);
  };
  visit(body);
  if (body) calledCache.set(body, names);
  return names;
}

/** Functions of the program called by another function of the program (and so simulated in it). */
export function calledWithinProgram(program: Program): Map<string, string[]> {
  const callers = new Map<string, string[]>();
  for (const fn of program.byId.values()) {
    for (const name of calledNames(fn.ast.body)) {
      const callee = program.functions.get(name);
      if (!callee || callee.id === fn.id) continue;
      callers.set(callee.id, [...(callers.get(callee.id) ?? []), fn.id]);
    }
  }
  return callers;
}

export function planRuns(program: Program, scenarioChoice = 'auto'): PlannedRun[] {
  const callers = calledWithinProgram(program);
  const runs: PlannedRun[] = [];
  for (const fn of program.byId.values()) {
    if (!fn.ast.body) continue;
    const isDefaultVariant = program.functions.get(fn.ast.name)?.id === fn.id;
    if (isDefaultVariant && callers.has(fn.id)) continue;
    const context = contextFor(fn.ast.name, fn.complete, calledNames(fn.ast.body));
    for (const scenario of scenariosFor(fn, scenarioChoice)) runs.push({ fn, scenario, context });
  }
  return runs;
}

function scenariosFor(fn: ProgramFunction, choice: string): Scenario[] {
  if (choice !== 'auto') {
    const chosen = scenarioByName(choice);
    return chosen ? [chosen] : [NO_SCENARIO];
  }
  return [NO_SCENARIO, ...SCENARIOS.filter((s) => s.applies(fn.ast, fn.text))];
}
