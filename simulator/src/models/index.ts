/**
 * The kernel API model library, one map from function or macro name to its
 * model, built from the area files under library/. A name defined twice is
 * a mistake in the library (the second entry would silently win), so
 * building the map throws at module load.
 */
import type { ApiModel } from './schema.js';
import { ASSERTION_MODELS } from './library/assertions.js';
import { COLLAPSE_MODELS } from './library/collapse.js';
import { ENTRY_PREDICATE_MODELS } from './library/entry-predicates.js';
import { ENTRY_WRITE_MODELS } from './library/entry-write.js';
import { HUGETLB_OPS_MODELS } from './library/hugetlb-ops.js';
import { GENERIC_LOCK_MODELS } from './library/lock-helpers-generic.js';
import { HUGETLB_LOCK_MODELS } from './library/lock-helpers-hugetlb.js';
import { MM_LOCK_MODELS } from './library/lock-helpers-mm.js';
import { LOCK_HELPER_MODELS } from './library/lock-helpers.js';
import { MACRO_MODELS } from './library/macros.js';
import { MISC_MODELS } from './library/misc.js';
import { PAGE_ARITH_MODELS } from './library/page-arith.js';
import { PGTABLE_WALK_MODELS } from './library/pgtable-walk.js';
import { PMD_SHARING_MODELS } from './library/pmd-sharing.js';
import { REFCOUNT_MODELS } from './library/refcounts.js';
import { TLB_MODELS } from './library/tlb.js';
import { VMA_HELPER_MODELS } from './library/vma-helpers.js';
import { ZAP_MODELS } from './library/zap.js';

/** The area files in mm-facts order; the generated docs follow it. */
export const MODEL_AREAS: ReadonlyArray<{ area: string; models: readonly ApiModel[] }> = [
  { area: 'Page-table walking (§2.1)', models: PGTABLE_WALK_MODELS },
  { area: 'Entry predicates', models: ENTRY_PREDICATE_MODELS },
  { area: 'Page-table lock helpers (§2.1-2.2)', models: LOCK_HELPER_MODELS },
  { area: 'Hugetlb VMA lock and i_mmap_rwsem (§2.2)', models: HUGETLB_LOCK_MODELS },
  { area: 'mmap, VMA and folio locks (§2.2)', models: MM_LOCK_MODELS },
  { area: 'Generic kernel locking', models: GENERIC_LOCK_MODELS },
  { area: 'Entry modification (§2.3)', models: ENTRY_WRITE_MODELS },
  { area: 'PMD sharing (§2.4)', models: PMD_SHARING_MODELS },
  { area: 'TLB and MMU notifiers (§2.5)', models: TLB_MODELS },
  { area: 'Refcounts and counters (§2.6)', models: REFCOUNT_MODELS },
  { area: 'Zap and teardown (§2.7)', models: ZAP_MODELS },
  { area: 'Hugetlb operations (§2.8)', models: HUGETLB_OPS_MODELS },
  { area: 'Page arithmetic (§2.9)', models: PAGE_ARITH_MODELS },
  { area: 'Assertions (§2.10)', models: ASSERTION_MODELS },
  { area: 'Collapse (§2.11)', models: COLLAPSE_MODELS },
  { area: 'VMA predicates', models: VMA_HELPER_MODELS },
  { area: 'Kernel helpers', models: MISC_MODELS },
  { area: 'Value macros', models: MACRO_MODELS },
];

/** Builds the name -> model map; throws on the first name that appears twice. */
export function buildModelMap(groups: ReadonlyArray<readonly ApiModel[]>): Map<string, ApiModel> {
  const map = new Map<string, ApiModel>();
  for (const group of groups) {
    for (const model of group) {
      if (map.has(model.name)) throw new Error(`duplicate kernel API model: ${model.name}`);
      map.set(model.name, model);
    }
  }
  return map;
}

export const MODELS: ReadonlyMap<string, ApiModel> = buildModelMap(MODEL_AREAS.map((a) => a.models));

export function getModel(name: string): ApiModel | undefined {
  return MODELS.get(name);
}

export function allModels(): ApiModel[] {
  return [...MODELS.values()];
}
