/**
 * What one simulation run shares across its paths: the program (functions
 * the patch or kernel tree defines), the budgets, and the finished traces.
 */
import type { FunctionAst } from '../ast.js';
import type { Trace } from '../trace.js';
import type { Path } from './path.js';

export interface ProgramFunction {
  /** The id that Loc.fn uses for spans into `text`. */
  id: string;
  ast: FunctionAst;
  text: string;
  complete: boolean;
}

export interface Program {
  /** Functions by name; the first complete definition wins when there are variants. */
  functions: ReadonlyMap<string, ProgramFunction>;
  /** Every function by id, for rendering source text of any location. */
  byId: ReadonlyMap<string, ProgramFunction>;
}

export interface Budgets {
  /** Statements and expressions evaluated, across all paths of a run. */
  steps: number;
  /** Paths alive or finished in a run. */
  paths: number;
  /** Nested calls of patch functions. */
  callDepth: number;
  /** Loop iterations executed concretely before the loop is summarised. */
  unroll: number;
}

export const DEFAULT_BUDGETS: Budgets = { steps: 100000, paths: 256, callDepth: 6, unroll: 2 };

export class BudgetExceeded extends Error {
  constructor(readonly which: 'steps' | 'paths') {
    super(`${which} budget exceeded`);
  }
}

export class RunContext {
  steps = 0;
  paths = 1;
  readonly finished: Trace[] = [];
  readonly notes = new Set<string>();
  budgetHit?: 'steps' | 'paths';

  constructor(readonly program: Program, readonly budgets: Budgets) {}

  tick(): void {
    if (++this.steps > this.budgets.steps) {
      this.budgetHit = 'steps';
      throw new BudgetExceeded('steps');
    }
  }

  /** Accounts for a new path; false when the budget says to stop forking. */
  allowFork(): boolean {
    if (this.paths >= this.budgets.paths) {
      this.budgetHit = 'paths';
      return false;
    }
    this.paths++;
    return true;
  }

  private readonly texts = new Map<string, string>();

  /** The source text of a span, whitespace collapsed; cached, since conditions and arguments ask again and again. */
  sourceText(fnId: string, start: number, end: number): string {
    const key = `${fnId}|${start}|${end}`;
    let text = this.texts.get(key);
    if (text === undefined) {
      const fn = this.program.byId.get(fnId);
      text = fn ? fn.text.slice(start, end).replace(/\s+/g, ' ').trim() : '';
      this.texts.set(key, text);
    }
    return text;
  }

  finish(path: Path, trace: Omit<Trace, 'id' | 'conditions' | 'events' | 'heldAtExit' | 'heldAtEntry'>): void {
    this.finished.push({
      id: this.finished.length,
      conditions: path.conditions,
      events: path.events,
      heldAtExit: path.held,
      heldAtEntry: path.heldAtEntry,
      ...trace,
      incomplete: trace.incomplete ?? path.incomplete,
    });
  }
}
