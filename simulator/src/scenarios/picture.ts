/**
 * Text art of the page tables in a path's heap: each mm's PUD entries that
 * point at PMD tables, with each PMD table's share count, so a reviewer sees
 * an unshare as an arrow that disappears and a count that drops.
 */
import { printTerm } from '../solver/print.js';
import type { Path } from '../interp/path.js';

export function pagetablePicture(path: Path): string[] {
  const lines: string[] = [];
  const label = (id: number) => path.heap.get(id)?.label ?? `object ${id}`;
  for (const pud of path.heap.all().filter((o) => o.kind === 'pgtable' && o.level === 'pud' && o.owner !== undefined)) {
    for (const [, value] of pud.entries ?? []) {
      const target = value.t === 'addr' ? path.heap.get(value.obj) : undefined;
      const owner = label(pud.owner!);
      if (target?.kind === 'pgtable') {
        lines.push(`${owner}: PUD entry -> ${target.label} [page_count ${printTerm(target.refcount!, label)}]`);
      } else {
        lines.push(`${owner}: PUD entry = ${value.t === 'const' && value.v === 0n ? 'none (cleared)' : printTerm(value, label)}`);
      }
    }
  }
  for (const mm of path.heap.all().filter((o) => o.kind === 'mm')) {
    const pmds = mm.fields.get('nr_pmds');
    if (pmds) lines.push(`${mm.label}: nr_pmds ${printTerm(pmds, label)}`);
  }
  return lines;
}
