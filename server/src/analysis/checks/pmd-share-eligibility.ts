/**
 * mm/pmd-share-eligibility: PMD sharing allowed for a VMA that must not share
 * (R5). Three queries:
 *
 * - A function that decides whether this VMA may share (want_pmd_share,
 *   HGM's pmd_sharing_possible) can answer yes in the uffd-wp scenario (R5e:
 *   uffd-wp state is per entry) or, when the patch is about HGM, in the
 *   hgm-shared scenario (HGM VMAs never share).
 * - Such a decider, or vma_shareable(), can answer yes for a VMA without a
 *   hugetlb VMA lock (R5d: vm_private_data NULL after a failed allocation or
 *   after the final unmap freed it). Run with no scenario, the VMA is
 *   unconstrained: a path that returns nonzero while vma->vm_private_data can
 *   still be NULL (the function never tested it, or tested it the wrong way)
 *   is the finding.
 * - Any function that reaches huge_pmd_share() for a VMA of the uffd-wp (or,
 *   for HGM patches, hgm-shared) scenario: huge_pmd_share() itself does not
 *   look at eligibility, its caller must have asked want_pmd_share() first.
 */
import { constant, op, type SymTerm, type Term } from '../../../../simulator/src/solver/term.js';
import { feasible } from '../../../../simulator/src/solver/solve.js';
import type { Program } from '../../../../simulator/src/interp/context.js';
import type { Trace } from '../../../../simulator/src/trace.js';
import { dedupe, functionName, incompleteNote, sourceAt } from './helpers.js';
import { seenOn } from './pgtable-helpers.js';
import type { Check, RawFinding } from './types.js';

/** The functions that decide whether this VMA may share (page_table_shareable judges the partner VMA). */
const DECIDERS = /^(want_pmd_share|pmd_sharing_possible)$/;
/** Functions that must refuse a VMA without its hugetlb VMA lock (R5d); vma_shareable leaves uffd to want_pmd_share. */
const LOCK_DECIDERS = /^(want_pmd_share|pmd_sharing_possible|vma_shareable)$/;

const FORBIDDEN: Record<string, { what: string; why: string }> = {
  'uffd-wp': { what: 'a VMA registered with userfaultfd write-protect', why: 'such a VMA must never share PMD tables: uffd-wp state is kept per entry, and a shared table would carry one mm\'s markers into another (R5e)' },
  'hgm-shared': { what: 'a VMA with high-granularity mapping enabled', why: 'an HGM VMA must never share PMD tables: its lower-level mappings belong to this VMA only (HGM rule)' },
};

/** The hgm-shared scenario only speaks for patches about HGM; mainline want_pmd_share has nothing to test. */
function forbiddenHere(program: Program, scenario: string): boolean {
  if (scenario === 'hgm-shared') return [...program.byId.values()].some((f) => /hgm/i.test(f.text));
  return scenario in FORBIDDEN;
}

function topReturn(trace: Trace, fnId: string) {
  return [...trace.events].reverse().find((e) => e.kind === 'return' && e.loc.fn === fnId);
}

function returnsTrue(trace: Trace, extra: Term[] = []): boolean {
  if (!trace.returnValue) return false;
  return feasible([...trace.conditions.map((c) => c.term), ...extra, op('ne', trace.returnValue, constant(0))]);
}

function symsOf(t: Term, out: SymTerm[] = []): SymTerm[] {
  if (t.t === 'sym') out.push(t);
  else if (t.t === 'addr') symsOf(t.off, out);
  else if (t.t === 'op') t.args.forEach((a) => symsOf(a, out));
  return out;
}

/** Whether the path can return true while the VMA's vm_private_data (its hugetlb VMA lock) is NULL. */
function trueWithoutLock(trace: Trace): boolean {
  const lockSyms = trace.conditions.flatMap((c) => symsOf(c.term)).filter((s) => /(^|->)vm_private_data$/.test(s.name));
  return returnsTrue(trace, lockSyms.map((s) => op('eq', s, constant(0))));
}

export const pmdShareEligibility: Check = {
  id: 'mm/pmd-share-eligibility',
  defaultSeverity: 'warning',
  title: 'PMD sharing is allowed for a VMA that must not share (uffd-wp, HGM, no VMA lock)',
  enforces: 'R5',
  run({ runs, program }) {
    const out: RawFinding[] = [];
    for (const run of runs) {
      const complete = !!program.byId.get(run.functionId)?.complete;
      const forbidden = forbiddenHere(program, run.scenario) ? FORBIDDEN[run.scenario] : undefined;
      for (const trace of run.traces) {
        // A call of huge_pmd_share() for a VMA that must not share, from any function.
        if (forbidden) {
          for (const e of trace.events) {
            if (e.kind !== 'call' || e.name !== 'huge_pmd_share' || !e.loc) continue;
            out.push({ ruleId: this.id, severity: this.defaultSeverity, loc: e.loc, function: functionName(program, e.loc.fn),
              message: `${sourceAt(program, e.loc) || 'huge_pmd_share()'} is reached for ${forbidden.what}: ${forbidden.why}. huge_pmd_share() does not check eligibility; ask want_pmd_share(vma, addr) first. ${seenOn(run, trace, e)}`,
              related: [], fixes: [], incomplete: incompleteNote(run, trace) });
          }
        }
        if (!complete) continue;
        const ret = topReturn(trace, run.functionId);
        if (!ret) continue;
        if (forbidden && DECIDERS.test(run.function) && returnsTrue(trace)) {
          out.push({ ruleId: this.id, severity: this.defaultSeverity, loc: ret.loc, function: functionName(program, run.functionId),
            message: `${run.function} can return true here (${sourceAt(program, ret.loc)}) for ${forbidden.what}: ${forbidden.why}. ${seenOn(run, trace, { pcLength: trace.conditions.length })}`,
            related: [], fixes: [], incomplete: incompleteNote(run, trace) });
        }
        if (run.scenario === 'none' && LOCK_DECIDERS.test(run.function) && trueWithoutLock(trace)) {
          out.push({ ruleId: this.id, severity: this.defaultSeverity, loc: ret.loc, function: functionName(program, run.functionId),
            message: `${run.function} can return true here (${sourceAt(program, ret.loc)}) for a VMA whose vm_private_data is NULL, i.e. one without a hugetlb VMA lock (its allocation failed, or the final unmap freed it): such a VMA must not share PMD tables, since nothing would then keep a walker's table from being unshared and freed (R5d). Test vma->vm_private_data before allowing sharing. ${seenOn(run, trace, { pcLength: trace.conditions.length })}`,
            related: [], fixes: [], incomplete: incompleteNote(run, trace) });
        }
      }
    }
    return dedupe(out);
  },
};
