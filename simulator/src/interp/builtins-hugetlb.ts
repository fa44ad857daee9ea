/**
 * Builtins for the hugetlb range operations whose effect is a loop over the
 * page tables: unsharing every shared PMD table of a VMA, unmapping a range,
 * and attaching to a shared table at fault time. They act on the tables the
 * path's heap holds for the VMA's mm (a scenario builds them; without one
 * there are none, and only the declared locks and flushes remain).
 */
import { constant, fresh, op, ZERO, type Term } from '../solver/term.js';
import type { SimObject } from '../state/heap.js';
import { canHold } from './branch.js';
import type { BuiltinCall } from './builtins.js';
import type { Val } from './eval-expr.js';
import { objectAt } from './memory.js';
import { entryPointer } from './pagetables.js';
import type { Path } from './path.js';
import { record } from './record.js';

function mmOfVma(path: Path, vma: Term, text: string): Term {
  return path.heap.readField(objectAt(path, vma, text).id, 'vm_mm', `${text}->vm_mm`, true);
}

/** PUD entries of the mm that point to a PMD table which may be shared. */
function sharedLinks(path: Path, mm: Term): { pud: SimObject; key: string; table: SimObject }[] {
  if (mm.t !== 'addr') return [];
  const out: { pud: SimObject; key: string; table: SimObject }[] = [];
  for (const pud of path.heap.all()) {
    if (pud.kind !== 'pgtable' || pud.level !== 'pud' || pud.owner !== mm.obj) continue;
    for (const [key, value] of pud.entries ?? []) {
      const table = value.t === 'addr' ? path.heap.get(value.obj) : undefined;
      if (table?.kind === 'pgtable' && table.refcount && canHold(path, op('gt', table.refcount, constant(1)))) out.push({ pud, key, table });
    }
  }
  return out;
}

/** Unshares one link the way huge_pmd_unshare does: clear the PUD, drop a share, drop nr_pmds. */
function unshare(path: Path, link: { pud: SimObject; key: string; table: SimObject }, mm: Term, via: string): void {
  const loc = path.overrideLoc!;
  const before = link.pud.entries!.get(link.key)!;
  path.heap.mutable(link.pud.id).entries!.set(link.key, ZERO);
  record(path, { kind: 'write-entry', via, level: 'pud', table: link.pud.id, tableLabel: link.pud.label, index: link.key, before, value: 'none',
    lowerTable: link.table.id, lowerShare: link.table.refcount, maySharedLower: true, mm: link.pud.owner }, loc);
  const after = op('sub', link.table.refcount!, constant(1));
  record(path, { kind: 'share', table: link.table.id, tableLabel: link.table.label, before: link.table.refcount!, after, via }, loc);
  path.heap.mutable(link.table.id).refcount = after;
  if (mm.t === 'addr') {
    const nr = path.heap.readField(mm.obj, 'nr_pmds', 'nr_pmds', true);
    path.heap.writeField(mm.obj, 'nr_pmds', op('sub', nr, constant(1)));
    record(path, { kind: 'counter', counter: 'nr_pmds', mm: mm.obj, delta: -1, via }, loc);
  }
}

export function hugetlbUnshareRange({ path, args, texts }: BuiltinCall): Val[] {
  const [vma] = args;
  const mm = mmOfVma(path, vma, texts[0] ?? 'vma');
  const links = sharedLinks(path, mm);
  for (const link of links) unshare(path, link, mm, 'hugetlb_unshare_pmds');
  record(path, { kind: 'tlb-flush', via: 'hugetlb_unshare_pmds', start: args[1], end: args[2], mm: mm.t === 'addr' ? mm.obj : undefined, gathered: false }, path.overrideLoc!);
  return [{ path, value: ZERO }];
}

/** __unmap_hugepage_range: unshares shared tables and gathers their whole PUD range; other entries are cleared and gathered. */
export function unmapHugepageRange({ path, args, texts }: BuiltinCall, flushNow: boolean): Val[] {
  const withTlb = !flushNow;
  const vma = withTlb ? args[1] : args[0];
  const mm = mmOfVma(path, vma, texts[withTlb ? 1 : 0] ?? 'vma');
  for (const link of sharedLinks(path, mm)) {
    unshare(path, link, mm, '__unmap_hugepage_range');
    record(path, { kind: 'tlb-gather', via: '__unmap_hugepage_range', start: fresh('addr & PUD_MASK'), end: fresh('(addr & PUD_MASK) + PUD_SIZE') }, path.overrideLoc!);
  }
  record(path, { kind: 'tlb-flush', via: '__unmap_hugepage_range', gathered: true }, path.overrideLoc!);
  return [{ path, value: ZERO }];
}

/** huge_pmd_share: the PMD slot for addr (attaching to a shared table is not simulated in detail). */
export function hugePmdShare({ path, args, texts }: BuiltinCall): Val[] {
  const [mm, , address] = args;
  return [{ path, value: entryPointer(path, mm, address, 'pmd', texts[0] ?? 'mm') }];
}

