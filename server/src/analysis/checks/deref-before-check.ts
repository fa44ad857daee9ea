/**
 * mm/deref-before-check: a pointer dereferenced on a path before the same
 * value is tested against NULL. Either the test is dead (and misleads the
 * reader) or the dereference can crash; reviewers ask for the check first.
 * The query compares simulated values, not names, so a reassignment between
 * the two breaks the link and `p = get(); if (!p) ...` is not flagged.
 */
import { dedupe, functionName, incompleteNote, sourceAt } from './helpers.js';
import type { Check, RawFinding } from './types.js';

export const derefBeforeCheck: Check = {
  id: 'mm/deref-before-check',
  defaultSeverity: 'warning',
  title: 'A pointer is dereferenced before it is checked for NULL',
  enforces: 'kernel coding practice (checks before use)',
  run({ runs, program }) {
    const out: RawFinding[] = [];
    for (const run of runs) {
      for (const trace of run.traces) {
        trace.events.forEach((check, i) => {
          if (check.kind !== 'null-check') return;
          const deref = trace.events.slice(0, i).find((e) => e.kind === 'deref' && e.pointer === check.pointer && e.loc.fn === check.loc.fn);
          if (!deref || deref.kind !== 'deref') return;
          const derefText = sourceAt(program, deref.loc) || deref.text;
          const checkText = sourceAt(program, check.loc) || check.text;
          out.push({
            ruleId: this.id, severity: this.defaultSeverity, loc: deref.loc, function: functionName(program, deref.loc.fn),
            message: `${deref.text} is dereferenced here (${derefText}) before it is checked for NULL (${checkText}): if it can be NULL this crashes first; if it cannot, the check is dead. Move the dereference after the check.`,
            related: [{ loc: check.loc, message: `the NULL check of ${check.text}` }],
            fixes: [],
            incomplete: incompleteNote(run, trace),
          });
        });
      }
    }
    return dedupe(out);
  },
};
