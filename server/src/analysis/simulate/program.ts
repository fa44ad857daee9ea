/**
 * The program the simulator sees: every changed function that has a body,
 * by id and by name. When a name has several configuration variants (an
 * `#ifdef` block and its `#else` stub), calls resolve to the default
 * configuration: the complete, positive-config variant.
 */
import type { Program, ProgramFunction } from '../../../../simulator/src/interp/context.js';
import type { ChangedFunction } from '../frontend/types.js';

export function toProgramFunction(f: ChangedFunction): ProgramFunction | undefined {
  if (!f.ast) return undefined;
  return { id: f.id, ast: f.ast, text: f.postText, complete: f.complete };
}

function preference(f: ChangedFunction): number {
  let score = 0;
  if (f.ast?.body) score += 4;
  if (f.complete) score += 2;
  if (!f.config.startsWith('!')) score += 1;
  return score;
}

export function buildProgram(functions: readonly ChangedFunction[]): Program {
  const byId = new Map<string, ProgramFunction>();
  const byName = new Map<string, { fn: ProgramFunction; score: number }>();
  for (const f of functions) {
    const pf = toProgramFunction(f);
    if (!pf) continue;
    byId.set(pf.id, pf);
    const score = preference(f);
    const current = byName.get(f.name);
    if (!current || score > current.score) byName.set(f.name, { fn: pf, score });
  }
  return { byId, functions: new Map([...byName].map(([k, v]) => [k, v.fn])) };
}
