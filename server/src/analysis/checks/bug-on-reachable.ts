/**
 * mm/bug-on-reachable: a BUG_ON/VM_BUG_ON whose condition can hold on some
 * simulated path is a warning with that path (mm-facts §2.10: never BUG on a
 * recoverable condition); one whose condition holds on no path that reaches
 * it is a hint that the assertion is dead, with the reasons the path gives.
 */
import type { Trace, TraceEvent } from '../../../../simulator/src/trace.js';
import { EMPTY_CONTEXT } from '../../../../simulator/src/contexts.js';
import { getModel } from '../../../../simulator/src/models/index.js';
import type { RunResult } from '../../../../simulator/src/simulate.js';
import { truthy, type Term } from '../../../../simulator/src/solver/term.js';
import { explainNotFiring, readableTerm, whyNotFiring } from './bug-on-why.js';
import { functionName, incompleteNote, sourceAt } from './helpers.js';
import { onPath } from './path-text.js';
import type { Check, RawFinding, RawFix } from './types.js';

type BugEvent = TraceEvent & { kind: 'bug' };

function recoveryFix(program: Parameters<Check['run']>[0]['program'], e: BugEvent): RawFix[] {
  const fn = program.byId.get(e.loc.fn);
  if (!fn || !/^(int|long|vm_fault_t|ssize_t)$/.test(fn.ast.returnType.base) || fn.ast.returnType.pointer) return [];
  const ret = fn.ast.returnType.base === 'vm_fault_t' ? 'VM_FAULT_SIGBUS' : '-EINVAL';
  return [{ title: `Replace ${e.via}() with WARN_ON_ONCE() and return ${ret}`, edits: [{ loc: e.loc, newText: `if (WARN_ON_ONCE(${e.condition}))\n\t\treturn ${ret}` }] }];
}

/** What the asserted condition stands for when the source hides it behind a local: "where !vma_lock is !vma->vm_private_data". */
function reads(e: BugEvent, style: 'where' | 'that is' = 'where'): string {
  if (!e.term) return '';
  const value = readableTerm(truthy(e.term));
  // Only when it helps: the value in the reader's terms, not the model's
  // arithmetic (huge_page_mask(h) spelled out as shifts and masks).
  const ops = (x: string) => (x.replace(/->/g, '.').match(/<<|>>|[&|~+*/-]/g) ?? []).length;
  if (value === e.condition || /object \d+|iterations of|&\w/.test(value) || value.length >= 80 || ops(value) > ops(e.condition) + 1) return '';
  return style === 'where' ? `, where ${e.condition} is ${value}` : ` (that is, ${value})`;
}

function reachedFrom(program: Parameters<Check['run']>[0]['program'], top: string, e: BugEvent): string {
  return e.loc.fn === top ? '' : ` (reached from ${functionName(program, top)}())`;
}

/** A model that only computes a value: no effects, locks or sleeping (hstate_vma, vma_is_anonymous, min3). */
function pureModel(name: string): boolean {
  const m = getModel(name);
  if (!m) return false;
  if (m.assertion) return true;
  const caseEffects = (m.cases ?? []).some((c) => c.effects?.length || c.acquires?.length || c.releases?.length);
  return !m.effects?.length && !m.acquires?.length && !m.releases?.length && !m.takes?.length && !m.requires?.length && !m.sleeps && !m.sleepsWhen && !caseEffects;
}

/** Symbols that stand for what a call returned ("folio_ref_count(folio)", "alloc() result"), not for an argument or its fields. */
function callResults(t: Term, out: string[] = []): string[] {
  if (t.t === 'sym' && /^[A-Za-z_]\w*\(.*\)( result)?$/s.test(t.name)) out.push(t.name);
  if (t.t === 'op') {
    if (t.op === 'app') out.push(`${t.fn}()`);
    for (const a of t.args) callResults(a, out);
  }
  if (t.t === 'addr') callResults(t.off, out);
  return out;
}

/**
 * A VM_BUG_ON (a debug check, compiled out without CONFIG_DEBUG_VM, mm-facts
 * §2.10 #89) about the arguments, in a function no caller in the patch
 * gives a context to, made before the function does anything but compute
 * values (VM_BUG_ON_VMA(!vma_is_anonymous(vma), vma) on entry,
 * VM_BUG_ON(addr & ~huge_page_mask(h)) after h = hstate_vma(vma)): whether
 * it fires depends only on callers the simulation does not see. An
 * assertion about what a call returned (a refcount, an allocation) is not.
 */
function entryPrecondition(run: RunResult, trace: Trace, e: BugEvent): boolean {
  if (e.assertion !== 'vm-bug' || run.context !== EMPTY_CONTEXT.name || e.loc.fn !== run.functionId || e.stack.length > 1) return false;
  if (!e.term || callResults(e.term).length > 0) return false;
  return nothingDoneBefore(trace, e);
}

/** Before the assertion the path only computed values: no lock, write, sleep, unknown call or effect. */
function nothingDoneBefore(trace: Trace, e: BugEvent): boolean {
  const i = trace.events.indexOf(e);
  return trace.events.slice(0, i).every((x) => x.kind === 'deref' || x.kind === 'null-check' || x.kind === 'bug' || x.kind === 'gap' || (x.kind === 'call' && x.target === 'model' && pureModel(x.name)));
}

/**
 * An assertion at the top of the visible part of a function whose beginning
 * the quote leaves out (often an unchanged context line): what it tests was
 * computed in code the simulation did not see, so "it can fire" is a guess.
 */
function unseenInputs(program: Parameters<Check['run']>[0]['program'], run: RunResult, trace: Trace, e: BugEvent): boolean {
  const fn = program.byId.get(e.loc.fn);
  return !!fn?.ast.startsInside && e.loc.fn === run.functionId && nothingDoneBefore(trace, e);
}

export const bugOnReachable: Check = {
  id: 'mm/bug-on-reachable',
  defaultSeverity: 'warning',
  title: 'A BUG_ON can fire on a simulated path (or, as a hint, can never fire)',
  enforces: 'mm-facts §2.10 #88-89, R26',
  run({ runs, program }) {
    const byLoc = new Map<string, { events: { e: BugEvent; trace: Trace; run: (typeof runs)[number] }[] }>();
    for (const run of runs) {
      for (const trace of run.traces) {
        for (const e of trace.events) {
          if (e.kind !== 'bug' || (e.assertion !== 'bug' && e.assertion !== 'vm-bug')) continue;
          const key = `${e.loc.fn}|${e.loc.span.start}`;
          const entry = byLoc.get(key) ?? { events: [] };
          entry.events.push({ e, trace, run });
          byLoc.set(key, entry);
        }
      }
    }
    const out: RawFinding[] = [];
    for (const { events } of byLoc.values()) {
      const firing = events.find((x) => x.e.fires && x.run.scenario === 'none') ?? events.find((x) => x.e.fires);
      const first = firing ?? events[0];
      const what = sourceAt(program, first.e.loc) || `${first.e.via}(${first.e.condition})`;
      if (firing && events.filter((x) => x.e.fires).every((x) => entryPrecondition(x.run, x.trace, x.e))) {
        out.push({
          ruleId: this.id, severity: 'info', loc: firing.e.loc, function: functionName(program, firing.e.loc.fn),
          message: `${what} asserts a precondition on entry: it fires if a caller passes arguments ${onPath(firing.trace, firing.e.pcLength).replace(/^on the path where/, 'where').replace(/^on every path$/, 'of any kind')}${reads(firing.e, 'that is')}. No caller in the patch shows whether one does. It is only checked with CONFIG_DEBUG_VM; where the condition can really happen, WARN_ON_ONCE() and an error return let the kernel recover.`,
          related: [], fixes: recoveryFix(program, firing.e), incomplete: incompleteNote(firing.run, firing.trace),
        });
      } else if (firing && events.filter((x) => x.e.fires).every((x) => unseenInputs(program, x.run, x.trace, x.e))) {
        out.push({
          ruleId: this.id, severity: 'info', loc: firing.e.loc, function: functionName(program, firing.e.loc.fn),
          message: `${what} can fire ${onPath(firing.trace, firing.e.pcLength)} as far as the quote shows, but what it tests is computed in the part of ${functionName(program, firing.e.loc.fn)} before the quote starts, which the simulation does not see.`,
          related: [], fixes: [], incomplete: incompleteNote(firing.run, firing.trace),
        });
      } else if (firing) {
        out.push({
          ruleId: this.id, severity: this.defaultSeverity, loc: firing.e.loc, function: functionName(program, firing.e.loc.fn),
          message: `${what} can fire ${onPath(firing.trace, firing.e.pcLength)}${reads(firing.e)}${reachedFrom(program, firing.run.functionId, firing.e)}${firing.run.scenario === 'none' ? '' : ` (scenario ${firing.run.scenario})`}; a BUG_ON kills the task for a condition the code could recover from.`,
          related: firing.e.stack.map((loc) => ({ loc, message: `${functionName(program, firing.e.loc.fn)}() is called here` })), fixes: recoveryFix(program, firing.e), incomplete: incompleteNote(firing.run, firing.trace),
        });
      } else {
        // Explain from the run without a scenario when there is one: a
        // scenario's concrete objects make the assertion false for reasons
        // that say nothing about the code.
        const plain = events.filter((x) => x.run.scenario === 'none');
        const why = explainNotFiring((plain.length ? plain : events).map((x) => whyNotFiring(x.trace, x.e)), first.e.condition);
        out.push({
          ruleId: this.id, severity: 'hint', loc: first.e.loc, function: functionName(program, first.e.loc.fn),
          message: `${what} cannot fire: ${why ?? 'its condition is false on every simulated path that reaches it'}. The assertion is dead; consider dropping it or making the reason explicit.`,
          related: [], fixes: [], incomplete: incompleteNote(first.run, first.trace),
        });
      }
    }
    return out;
  },
};
