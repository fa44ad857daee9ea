/**
 * mm/deref-before-check: a pointer dereferenced on a path before the same
 * value is tested against NULL. Either the test is dead (and misleads the
 * reader) or the dereference can crash; reviewers ask for the check first.
 * The query compares simulated values (and the expression as written), so a
 * reassignment between the two breaks the link and `p = get(); if (!p) ...`
 * is not flagged.
 * Only a dereference that comes before every test of the pointer on its path
 * counts, so a guarded dereference followed by a second test is not flagged.
 */
import { dedupe, functionName, incompleteNote, sourceAt } from './helpers.js';
import { pathCondition } from './path-text.js';
import type { Check, RawFinding } from './types.js';

/** An expression as written, without spaces, casts' parentheses or a leading &. */
function spelled(text: string): string {
  return text.replace(/\s+/g, '').replace(/^\(\w+\*+\)/, '').replace(/^\((.*)\)$/, '$1');
}

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
          // The first event about this pointer decides: a dereference that
          // an earlier test guards (`vma ? vma->x : NULL`, then `if (!vma)`)
          // is not a dereference before the check.
          // The same value through the same expression: two walks that return
          // the same slot (pmd, then ptep = hugetlb_walk()) are different
          // pointers to the reader, and the test of the second is no
          // comment on the dereference of the first.
          const same = (e: { pointer: unknown; text: string; loc: { fn: string } }) => e.pointer === check.pointer && e.loc.fn === check.loc.fn && spelled(e.text) === spelled(check.text);
          const first = trace.events.slice(0, i).find((e) => (e.kind === 'deref' || e.kind === 'null-check') && same(e));
          if (!first || first.kind !== 'deref') return;
          const deref = first;
          const derefText = sourceAt(program, deref.loc) || deref.text;
          const cond = pathCondition(trace, deref.pcLength, deref.loc.fn);
          out.push({
            ruleId: this.id, severity: this.defaultSeverity, loc: deref.loc, function: functionName(program, deref.loc.fn),
            message: `${derefText} dereferences ${deref.text} before ${functionName(program, check.loc.fn)} checks ${check.text} for NULL${cond ? ` (on the path where ${cond})` : ''}: if it can be NULL this crashes first, and if it cannot the check is dead. Test ${check.text} before the dereference.`,
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
