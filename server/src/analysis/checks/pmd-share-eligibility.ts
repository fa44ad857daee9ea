/**
 * mm/pmd-share-eligibility: a function that decides whether a VMA may share
 * PMD tables answers yes for a VMA that must not share: one registered with
 * uffd-wp (R5e) or with HGM enabled (the HGM rule). It is run in those
 * scenarios, so a missing test shows as a path that returns true there.
 */
import { constant, op } from '../../../../simulator/src/solver/term.js';
import { feasible } from '../../../../simulator/src/solver/solve.js';
import { conditionAt, dedupe, functionName, incompleteNote, onThePath, sourceAt } from './helpers.js';
import type { Check, RawFinding } from './types.js';

/** The functions that decide whether this VMA may share (page_table_shareable judges the partner VMA). */
const DECIDERS = /^(want_pmd_share|pmd_sharing_possible)$/;
const FORBIDDEN: Record<string, string> = {
  'uffd-wp': 'a VMA registered with userfaultfd write-protect must never share PMD tables: uffd-wp state is per entry (R5e)',
  'hgm-shared': 'a VMA with high-granularity mapping enabled must never share PMD tables (HGM)',
};

export const pmdShareEligibility: Check = {
  id: 'mm/pmd-share-eligibility',
  defaultSeverity: 'warning',
  title: 'PMD sharing is allowed for a VMA that must not share (uffd-wp, HGM, no VMA lock)',
  enforces: 'R5',
  run({ runs, program }) {
    const out: RawFinding[] = [];
    for (const run of runs) {
      const why = FORBIDDEN[run.scenario];
      if (!why || !DECIDERS.test(run.function) || !program.byId.get(run.functionId)?.complete) continue;
      for (const trace of run.traces) {
        const ret = [...trace.events].reverse().find((e) => e.kind === 'return' && e.loc.fn === run.functionId);
        if (!ret || !trace.returnValue) continue;
        if (!feasible([...trace.conditions.map((c) => c.term), op('ne', trace.returnValue, constant(0))])) continue;
        out.push({ ruleId: this.id, severity: this.defaultSeverity, loc: ret.loc, function: functionName(program, run.functionId),
          message: `${run.function} can return true here (${sourceAt(program, ret.loc)}) for ${run.scenario === 'uffd-wp' ? 'a uffd-wp VMA' : 'an HGM VMA'}: ${why}. Seen ${onThePath(conditionAt(trace, { pcLength: trace.conditions.length }))}.`,
          related: [], fixes: [], incomplete: incompleteNote(run, trace) });
      }
    }
    return dedupe(out);
  },
};
