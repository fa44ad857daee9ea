/**
 * mm/pgtable-counter-imbalance: on a path that unlinks PMD tables from this
 * mm's PUD entries, the number of unlinks, the nr_pmds decrements and the
 * share drops must agree (R2, R4). A PUD cleared without mm_dec_nr_pmds makes
 * check_mm() report a leak at exit; a share dropped twice frees a table
 * another mm still uses.
 */
import type { Trace } from '../../../../simulator/src/trace.js';
import { conditionAt, dedupe, functionName, incompleteNote, onThePath } from './helpers.js';
import type { Check, RawFinding } from './types.js';

function tally(trace: Trace) {
  let unlinks = 0;
  let nrPmds = 0;
  let shareDrops = 0;
  for (const e of trace.events) {
    if (e.kind === 'write-entry' && e.level === 'pud' && e.value === 'none' && e.lowerTable !== undefined) unlinks++;
    if (e.kind === 'counter' && e.counter === 'nr_pmds') nrPmds += e.delta;
    if (e.kind === 'share') shareDrops += e.before === e.after ? 0 : 1;
  }
  return { unlinks, nrPmds, shareDrops };
}

export const pgtableCounterImbalance: Check = {
  id: 'mm/pgtable-counter-imbalance',
  defaultSeverity: 'warning',
  title: 'Share count or nr_pmds/nr_ptes not balanced with the page-table links changed on a path',
  enforces: 'R2, R4',
  run({ runs, program }) {
    const out: RawFinding[] = [];
    for (const run of runs) {
      for (const trace of run.traces) {
        const t = tally(trace);
        if (t.unlinks === 0 && t.nrPmds === 0) continue;
        const problems: string[] = [];
        if (t.unlinks !== -t.nrPmds) problems.push(`${t.unlinks} PUD entr${t.unlinks === 1 ? 'y' : 'ies'} unlinked from PMD tables but nr_pmds changed by ${t.nrPmds}`);
        if (t.unlinks > 0 && t.shareDrops !== t.unlinks) problems.push(`${t.shareDrops} share drop(s) for ${t.unlinks} unlink(s)`);
        if (problems.length === 0) continue;
        const last = [...trace.events].reverse().find((e) => e.kind === 'return' && e.loc.fn === run.functionId) ?? trace.events[trace.events.length - 1];
        if (!last) continue;
        out.push({ ruleId: this.id, severity: this.defaultSeverity, loc: last.loc, function: functionName(program, run.functionId),
          message: `${run.function}: ${problems.join('; ')} ${onThePath(conditionAt(trace, { pcLength: trace.conditions.length }))}; every PUD->PMD link removed needs mm_dec_nr_pmds() and exactly one share drop.`,
          related: [], fixes: [], incomplete: incompleteNote(run, trace) });
      }
    }
    return dedupe(out);
  },
};
