/**
 * The shape of a check: a stable id, a default severity, and a query over
 * the simulator's runs that yields findings located in function text (fn id
 * + span). The core maps them to every quoted occurrence afterwards.
 */
import type { Program } from '../../../../simulator/src/interp/context.js';
import type { RunResult } from '../../../../simulator/src/simulate.js';
import type { Loc } from '../../../../simulator/src/trace.js';
import type { Severity } from '../types.js';

export interface RawFix {
  title: string;
  edits: { loc: Loc; newText: string }[];
}

export interface RawFinding {
  ruleId: string;
  severity: Severity;
  loc: Loc;
  message: string;
  related: { loc: Loc; message: string }[];
  fixes: RawFix[];
  /** The function the finding is about. */
  function: string;
  incomplete?: string;
}

export interface CheckInput {
  runs: readonly RunResult[];
  program: Program;
}

export interface Check {
  id: string;
  defaultSeverity: Severity;
  /** One line, for SARIF rule metadata and docs. */
  title: string;
  /** The mm-facts.md rule(s) it enforces. */
  enforces: string;
  run(input: CheckInput): RawFinding[];
}
