/**
 * mm/pgtable-counter-imbalance: on one path, the page-table links a function
 * makes or removes must agree with the counters it changes (R2, R4, R19).
 *
 * - nr_pmds: every PUD->PMD link removed (pud_clear of an entry that pointed
 *   to a PMD table) needs one mm_dec_nr_pmds(), every link made one
 *   mm_inc_nr_pmds(); otherwise check_mm() reports a leak (or an underflow)
 *   when the mm goes away.
 * - share count: unlinking a PMD table that other mms may share drops exactly
 *   one share of that table (put_page in 6.1, ptdesc_pmd_pts_dec in 6.13+);
 *   none leaks the table, two free it under another mm.
 * - nr_ptes, on paths that deposit or withdraw a THP's PTE table: a deposit
 *   is counted, a withdrawn table is either linked (split) or freed with
 *   mm_dec_nr_ptes().
 *
 * An entry whose old value the simulation does not know (no scenario built
 * the tree) may or may not have been a link; such writes widen the expected
 * range instead of being guessed, so they never make a finding on their own.
 */
import type { Loc, Trace, TraceEvent } from '../../../../simulator/src/trace.js';
import { dedupe, functionName, incompleteNote, sourceAt } from './helpers.js';
import { seenOn } from './pgtable-helpers.js';
import type { Check, CheckInput, RawFinding } from './types.js';

type WriteEvent = TraceEvent & { kind: 'write-entry' };
type Link = 'link' | 'unlink' | 'maybe-unlink' | 'other';

/** Whether a write made or removed a link to a lower page-table page, as far as the simulation knows. */
function linkKind(trace: Trace, e: WriteEvent): Link {
  if (e.value === 'table') return 'link';
  if (e.value !== 'none') return 'other';
  if (e.before.t === 'const') return 'other';
  if (e.before.t === 'addr') return e.lowerTable === e.before.obj || isTableAddr(trace, e) ? 'unlink' : 'other';
  return 'maybe-unlink';
}

/** An entry that held the address of a page-table page (the scenario's tree). */
function isTableAddr(_trace: Trace, e: WriteEvent): boolean {
  return e.level === 'pud' ? e.lowerTable !== undefined : e.before.t === 'addr';
}

interface Tally {
  /** Known links and unlinks at one level, and writes that may have been unlinks. */
  links: WriteEvent[];
  unlinks: WriteEvent[];
  maybe: number;
  counter: number;
  counterEvents: (TraceEvent & { kind: 'counter' })[];
}

function tallyLevel(trace: Trace, level: 'pud' | 'pmd', counter: string): Tally {
  const t: Tally = { links: [], unlinks: [], maybe: 0, counter: 0, counterEvents: [] };
  for (const e of trace.events) {
    if (e.kind === 'write-entry' && e.level === level) {
      const k = linkKind(trace, e);
      if (k === 'link') t.links.push(e);
      else if (k === 'unlink') t.unlinks.push(e);
      else if (k === 'maybe-unlink') t.maybe++;
    }
    if (e.kind === 'counter' && e.counter === counter) {
      t.counter += e.delta;
      t.counterEvents.push(e);
    }
  }
  return t;
}

/** The change of a share count in one event: exact for constants, else from the call's name. */
function shareDelta(e: TraceEvent & { kind: 'share' }): number {
  if (e.before.t === 'const' && e.after.t === 'const') return Number(e.after.v - e.before.v);
  if (e.before === e.after) return 0;
  return /get|inc|share\b/.test(e.via) && !/put|dec|unshare/.test(e.via) ? 1 : -1;
}

interface Problem {
  loc: Loc;
  text: string;
  related: { loc: Loc; message: string }[];
}

function what(input: CheckInput, e: TraceEvent): string {
  return sourceAt(input.program, e.loc) || ('via' in e ? `${e.via}()` : 'this line');
}

/** nr_pmds against the PUD->PMD links made and removed on the path. */
function nrPmdsProblems(input: CheckInput, trace: Trace): Problem[] {
  const t = tallyLevel(trace, 'pud', 'nr_pmds');
  const hi = t.links.length - t.unlinks.length;
  const lo = hi - t.maybe;
  if (t.counter >= lo && t.counter <= hi) return [];
  // Below the range: more decrements than links removed. Above it: a link
  // removed (or made) without its counter change.
  if (t.counter < lo) {
    const at = t.counterEvents[t.counterEvents.length - 1];
    if (!at) return [];
    const removed = t.unlinks.length;
    return [{ loc: at.loc, related: t.unlinks.map((u) => ({ loc: u.loc, message: 'the PUD entry that pointed to the PMD table is cleared here' })),
      text: `${what(input, at)} leaves nr_pmds changed by ${t.counter} where the path removed ${removed} PUD->PMD link${removed === 1 ? '' : 's'}${t.links.length ? ` and made ${t.links.length}` : ''}: a decrement without an unlink (or twice for one) makes mm->pgtables_bytes underflow, and check_mm() reports it at exit. Count each link once (R4).` }];
  }
  const at = t.unlinks[t.unlinks.length - 1] ?? t.links[t.links.length - 1];
  if (!at) return [];
  const unlink = t.unlinks.includes(at);
  return [{ loc: at.loc, related: t.counterEvents.map((c) => ({ loc: c.loc, message: `nr_pmds changed by ${c.delta} here` })),
    text: unlink
      ? `${what(input, at)} removes this mm's link to a PMD table, but nr_pmds changes by ${t.counter} on the path instead of ${hi}: without mm_dec_nr_pmds() the table stays counted in mm->pgtables_bytes and check_mm() reports a leak at exit (R2, R4). Add mm_dec_nr_pmds(mm) next to the clear.`
      : `${what(input, at)} links a PMD table into this mm's PUD, but nr_pmds changes by ${t.counter} on the path instead of ${hi}: every PUD->PMD link needs mm_inc_nr_pmds() (R4).` }];
}

/** The share count of each possibly shared PMD table unlinked on the path: exactly one drop per unlink. */
function shareProblems(input: CheckInput, trace: Trace): Problem[] {
  const out: Problem[] = [];
  if (trace.events.some((e) => e.kind === 'write-entry' && e.level === 'pud' && e.value === 'table')) return out;
  const unlinksOf = new Map<number, WriteEvent[]>();
  for (const e of trace.events) {
    if (e.kind === 'write-entry' && e.level === 'pud' && e.value === 'none' && e.maySharedLower && e.lowerTable !== undefined && linkKind(trace, e) === 'unlink') {
      unlinksOf.set(e.lowerTable, [...(unlinksOf.get(e.lowerTable) ?? []), e]);
    }
  }
  for (const [table, unlinks] of unlinksOf) {
    const shares = trace.events.filter((e): e is TraceEvent & { kind: 'share' } => e.kind === 'share' && e.table === table);
    const net = shares.reduce((n, e) => n + shareDelta(e), 0);
    if (net === -unlinks.length) continue;
    const label = shares[0]?.tableLabel ?? 'the PMD table';
    if (net > -unlinks.length) {
      const at = unlinks[unlinks.length - 1];
      out.push({ loc: at.loc, related: shares.map((s) => ({ loc: s.loc, message: `share count of ${s.tableLabel} changed here (${s.via})` })),
        text: `${what(input, at)} stops this mm from using ${label}, which other mms may share, but its share count changes by ${net} on the path instead of ${-unlinks.length}: the table is never freed once the last sharer goes (R2). Drop this mm's share (put_page(virt_to_page(pmdp)) in 6.1, ptdesc_pmd_pts_dec() in 6.13+).` });
    } else {
      const at = shares.filter((s) => shareDelta(s) < 0).pop() ?? shares[shares.length - 1];
      out.push({ loc: at.loc, related: unlinks.map((u) => ({ loc: u.loc, message: 'this mm\'s PUD entry for the table is cleared here' })),
        text: `${what(input, at)} drops a share of ${label} again: the path drops ${-net} share${net === -1 ? '' : 's'} for ${unlinks.length} unlink${unlinks.length === 1 ? '' : 's'}, so the table can be freed while another mm still maps through it (R2).` });
    }
  }
  return out;
}

/** nr_ptes on paths that deposit or withdraw a THP's PTE table (R19). */
function nrPtesProblems(input: CheckInput, trace: Trace): Problem[] {
  const deposits = trace.events.filter((e) => e.kind === 'deposit').length;
  const withdraws = trace.events.filter((e) => e.kind === 'withdraw');
  if (deposits === 0 && withdraws.length === 0) return [];
  const t = tallyLevel(trace, 'pmd', 'nr_ptes');
  const hi = deposits - withdraws.length + t.links.length - t.unlinks.length;
  const lo = hi - t.maybe;
  if (t.counter >= lo && t.counter <= hi) return [];
  const at = t.counter > hi ? withdraws[withdraws.length - 1] ?? t.counterEvents[0] : t.counterEvents[t.counterEvents.length - 1];
  if (!at) return [];
  return [{ loc: at.loc, related: [...withdraws, ...t.counterEvents].filter((e) => e !== at).map((e) => ({ loc: e.loc, message: e.kind === 'withdraw' ? 'a deposited PTE table is withdrawn here' : 'nr_ptes changes here' })),
    text: t.counter < lo
      ? `${what(input, at)} leaves nr_ptes changed by ${t.counter} where the deposits, withdrawals and PTE-table links of the path account for ${lo}: a PTE table is uncounted twice (R4, R19).`
      : `${what(input, at)} withdraws the deposited PTE table but nr_ptes changes by ${t.counter} on the path instead of ${hi}: a withdrawn table that is freed rather than linked needs mm_dec_nr_ptes() (R19), or check_mm() reports a leak at exit.` }];
}

export const pgtableCounterImbalance: Check = {
  id: 'mm/pgtable-counter-imbalance',
  defaultSeverity: 'warning',
  title: 'Share count or nr_pmds/nr_ptes not balanced with the page-table links changed on a path',
  enforces: 'R2, R4, R19',
  run(input) {
    const out: RawFinding[] = [];
    for (const run of input.runs) {
      for (const trace of run.traces) {
        const problems = [...nrPmdsProblems(input, trace), ...shareProblems(input, trace), ...nrPtesProblems(input, trace)];
        for (const p of problems) {
          out.push({ ruleId: this.id, severity: this.defaultSeverity, loc: p.loc, function: functionName(input.program, p.loc.fn),
            message: `${p.text} ${seenOn(run, trace, { pcLength: trace.conditions.length })}`,
            related: p.related, fixes: [], incomplete: incompleteNote(run, trace) });
        }
      }
    }
    return dedupe(out);
  },
};
