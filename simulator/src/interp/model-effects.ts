/**
 * The state changes a model describes: entry writes, share counts, refcounts,
 * mm counters, TLB flushes and gathers, field stores, deposits, notifier
 * brackets. Each applies to the simulated objects its strings name and
 * leaves an event in the trace.
 */
import type { ApiModel, Effect } from '../models/schema.js';
import { fresh, mentions, op, ZERO, constant, type Term } from '../solver/term.js';
import type { Loc } from '../trace.js';
import { canHold } from './branch.js';
import { refcountOf } from './builtins.js';
import type { RunContext } from './context.js';
import { evalExpr, evalLValue } from './eval-expr.js';
import { modelExpr } from './apply-model.js';
import { objectAt, readEntry, writeLValue } from './memory.js';
import { tableOf } from './pagetables.js';
import type { Path } from './path.js';
import { printExpr } from './print-expr.js';
import { record } from './record.js';

function value(ctx: RunContext, path: Path, text: string): Term {
  const [v] = evalExpr(ctx, path, modelExpr(text));
  return v ? v.value : fresh(text);
}

function whenHolds(ctx: RunContext, path: Path, eff: Effect): boolean {
  if (!('when' in eff) || !eff.when) return true;
  return canHold(path, value(ctx, path, eff.when));
}

export function applyEffect(ctx: RunContext, path: Path, model: ApiModel, eff: Effect, loc: Loc): void {
  if (!whenHolds(ctx, path, eff)) return;
  const via = model.name;
  switch (eff.kind) {
    case 'write-entry': return writeEntry(ctx, path, via, eff, loc);
    case 'share': case 'refcount': {
      const target = eff.kind === 'share' ? eff.table : eff.of;
      const ptr = value(ctx, path, target);
      const before = refcountOf(path, ptr, printExpr(modelExpr(target)));
      const after = op('add', before, constant(eff.delta));
      const obj = ptr.t === 'addr' ? path.heap.get(ptr.obj) : tableOf(path, ptr, target);
      if (!obj) return;
      path.heap.mutable(obj.id).refcount = after;
      if (obj.kind === 'pgtable') record(path, { kind: 'share', table: obj.id, tableLabel: obj.label, before, after, via }, loc);
      else record(path, { kind: 'refcount', obj: obj.id, label: obj.label, before, after, via }, loc);
      return;
    }
    case 'counter': {
      const mm = value(ctx, path, eff.of);
      const mmObj = objectAt(path, mm, eff.of);
      const before = path.heap.readField(mmObj.id, eff.counter, `${eff.of}->${eff.counter}`, true);
      const delta = typeof eff.delta === 'number' ? constant(eff.delta) : value(ctx, path, eff.delta);
      path.heap.writeField(mmObj.id, eff.counter, op('add', before, delta));
      record(path, { kind: 'counter', counter: eff.counter, mm: mmObj.id, delta: typeof eff.delta === 'number' ? eff.delta : 0, via }, loc);
      return;
    }
    case 'tlb-flush': {
      const mmSrc = eff.mm ? value(ctx, path, eff.mm) : undefined;
      record(path, { kind: 'tlb-flush', via, start: value(ctx, path, eff.start), end: value(ctx, path, eff.end), mm: mmSrc?.t === 'addr' ? mmSrc.obj : undefined, gathered: false }, loc);
      return;
    }
    case 'tlb-gather':
      record(path, { kind: 'tlb-gather', via, start: value(ctx, path, eff.start), end: value(ctx, path, eff.end) }, loc);
      return;
    case 'tlb-flush-gather':
      record(path, { kind: 'tlb-flush', via, gathered: true }, loc);
      return;
    case 'set-field': {
      const newValue = eff.value === 'fresh' ? fresh(`${eff.target} (set by ${via})`, 1n) : eff.value === 'null' ? ZERO : value(ctx, path, eff.value);
      for (const { path: p, lv } of evalLValue(ctx, path, modelExpr(eff.target))) {
        if (p === path) writeLValue(p, lv, newValue);
      }
      record(path, { kind: 'set-field', text: eff.target, value: eff.value }, loc);
      return;
    }
    case 'deposit': case 'withdraw': {
      const t = tableOf(path, value(ctx, path, eff.table), eff.table);
      const m = path.heap.mutable(t.id);
      m.deposited = (m.deposited ?? 0) + (eff.kind === 'deposit' ? 1 : -1);
      record(path, { kind: eff.kind, table: t.id, via }, loc);
      return;
    }
    case 'notifier-start': case 'notifier-end':
      record(path, { kind: 'notifier', phase: eff.kind === 'notifier-start' ? 'start' : 'end', via }, loc);
      return;
    case 'gup-fast-sync':
      record(path, { kind: 'gup-fast-sync', via }, loc);
      return;
    case 'free':
      record(path, { kind: 'free', via }, loc);
      return;
  }
}

function writeEntry(ctx: RunContext, path: Path, via: string, eff: Effect & { kind: 'write-entry' }, loc: Loc): void {
  const ptr = value(ctx, path, eff.entry);
  const text = printExpr(modelExpr(eff.entry));
  const table = tableOf(path, ptr, text);
  const index = ptr.t === 'addr' && ptr.obj === table.id ? ptr.off : ptr;
  const before = readEntry(path, table.id, index, text);
  let lowerTable: number | undefined;
  let lowerShare: Term | undefined;
  let maySharedLower = false;
  if (table.level === 'pud') {
    const lower = before.t === 'addr' ? path.heap.get(before.obj) : undefined;
    const candidate = lower?.kind === 'pgtable' ? lower : sharedLookingTable(path);
    if (candidate) {
      lowerTable = candidate.id;
      lowerShare = candidate.refcount;
      maySharedLower = !!lowerShare && canHold(path, op('gt', lowerShare, constant(1)));
    }
  }
  const after = eff.value === 'none' ? ZERO : fresh(`${text} after ${via}`, 1n);
  path.heap.mutable(table.id).entries!.set(index.key, after);
  record(path, { kind: 'write-entry', via, level: table.level ?? eff.level, table: table.id, tableLabel: table.label, index: index.key,
    before, value: eff.value, lowerTable, lowerShare, maySharedLower, mm: table.owner }, loc);
}

/**
 * When the PUD entry's target is unknown (no scenario built the tree), the
 * PMD table the function has been testing for sharing is the best guess of
 * what the entry points to: that is how unshare code is written.
 */
function sharedLookingTable(path: Path) {
  return path.heap.all().find((o) => o.kind === 'pgtable' && o.level === 'pmd' && o.refcount
    && path.conditions.some((c) => mentions(c.term, o.refcount!)));
}

