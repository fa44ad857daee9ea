/**
 * The scenario catalogue. `none` is the empty context: every argument is an
 * unconstrained value, which is how a function with no known caller runs first.
 */
import { giganticSparsemem } from './gigantic.js';
import { anonThp, hgmShared, uffdWp } from './private-vmas.js';
import { sharedPmd } from './shared-pmd.js';
import type { Scenario } from './types.js';

export const NO_SCENARIO: Scenario = {
  name: 'none',
  description: 'no scenario: every argument is an unconstrained value',
  applies: () => true,
  setup: () => {},
};

export const SCENARIOS: readonly Scenario[] = [sharedPmd, giganticSparsemem, anonThp, uffdWp, hgmShared];

export function scenarioByName(name: string): Scenario | undefined {
  return name === 'none' ? NO_SCENARIO : SCENARIOS.find((s) => s.name === name);
}

export type { Scenario };
