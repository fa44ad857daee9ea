/**
 * A scenario is a named initial state in which a changed function runs: it
 * builds kernel objects in the path's heap and binds the function's
 * parameters to them by the names and types kernel code uses (mm, vma, addr,
 * pmd, h, page...). A picture renders its page tables before and after.
 */
import type { FunctionAst } from '../ast.js';
import type { RunContext } from '../interp/context.js';
import type { Path } from '../interp/path.js';

export interface Scenario {
  name: string;
  description: string;
  /** Whether the scenario says anything about this function (by its parameters and the calls it makes). */
  applies(fn: FunctionAst, text: string): boolean;
  /** Builds the state and binds parameters (and well-known globals) in the path's top frame. */
  setup(ctx: RunContext, path: Path, fn: FunctionAst): void;
  /** Text art of the scenario's page tables in a path's heap. */
  picture?(path: Path): string[];
}
