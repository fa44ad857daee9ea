/**
 * Struct page pointer arithmetic. When a pointer into a folio's struct pages
 * is moved with plain arithmetic (page++, page + n), the event records where
 * it started and by how much it moved, with the scenario's memmap layout, so
 * the gigantic-page check can ask whether the move can cross a memory section
 * (SPARSEMEM without VMEMMAP keeps each section's struct pages apart).
 * nth_page() and folio_page() go through the pfn and are not recorded.
 */
import type { Expr } from '../ast.js';
import type { Term } from '../solver/term.js';
import type { RunContext } from './context.js';
import type { Path } from './path.js';
import { record } from './record.js';

export function recordPageArith(_ctx: RunContext, path: Path, base: Term & { t: 'addr' }, delta: Term, e: Expr, text: string): void {
  const obj = path.heap.get(base.obj);
  if (!obj?.isMemmap) return;
  const section = obj.fields.get('__section_pages');
  record(path, {
    kind: 'page-arith',
    text,
    folio: obj.id,
    from: base.off,
    delta,
    sectionPages: section && section.t === 'const' ? Number(section.v) : undefined,
  }, { fn: path.frame.fn, span: e.span });
}
