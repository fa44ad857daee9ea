/**
 * Every check, by stable id. Adding a check is a file in this folder, one
 * entry here, a doc page docs/rules/<id>.md and fixtures (docs/ARCHITECTURE.md).
 */
import { bugOnReachable } from './bug-on-reachable.js';
import { derefBeforeCheck } from './deref-before-check.js';
import { hugetlbWalkUnlocked } from './hugetlb-walk-unlocked.js';
import { lockImbalance } from './lock-imbalance.js';
import { lockOrder } from './lock-order.js';
import { pageArithGigantic } from './page-arith-gigantic.js';
import { pgtableCounterImbalance } from './pgtable-counter-imbalance.js';
import { pgtableWriteUnlocked } from './pgtable-write-unlocked.js';
import { pmdShareEligibility } from './pmd-share-eligibility.js';
import { recheckAfterRelock } from './recheck-after-relock.js';
import { sharedPmdFlush } from './shared-pmd-flush.js';
import { sleepInAtomic } from './sleep-in-atomic.js';
import type { Check } from './types.js';

export const CHECKS: readonly Check[] = [
  pgtableWriteUnlocked, bugOnReachable, derefBeforeCheck, lockImbalance, sleepInAtomic, lockOrder,
  pageArithGigantic, sharedPmdFlush, hugetlbWalkUnlocked, pmdShareEligibility, pgtableCounterImbalance, recheckAfterRelock,
];

/** Where docs/rules/ is published; a rule mm/NAME is documented in docs/rules/NAME.md. */
export const RULE_DOCS_BASE_URL = 'https://github.com/mmreview/mmreview/blob/main/docs/rules';

export function ruleDocUrl(id: string): string {
  return `${RULE_DOCS_BASE_URL}/${encodeURIComponent(id.replace(/^mm\//, ''))}.md`;
}

export function checkById(id: string): Check | undefined {
  return CHECKS.find((c) => c.id === id);
}
