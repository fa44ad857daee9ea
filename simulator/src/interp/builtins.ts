/**
 * The interpreter routines behind models' `builtin` field: the functions whose
 * result depends on the simulated tree or memmap (pud_offset, virt_to_page,
 * page_count, nth_page), or that fork on their arguments (min3). A builtin
 * the interpreter does not implement yet returns an unknown value and says
 * so in the run's notes; the model's declarative effects still apply.
 */
import { addr, app, constant, fresh, op, truthy, ZERO, type Term } from '../solver/term.js';
import { branch } from './branch.js';
import type { RunContext } from './context.js';
import type { Val } from './eval-expr.js';
import { objectAt } from './memory.js';
import { offsetInLower, pgdOf, indexTerm, tableOf, entryPointer } from './pagetables.js';
import type { Path } from './path.js';
import { hugePmdShare, hugetlbUnshareRange, unmapHugepageRange } from './builtins-hugetlb.js';

export interface BuiltinCall {
  ctx: RunContext;
  path: Path;
  args: Term[];
  texts: string[];
}

type Builtin = (c: BuiltinCall) => Val[];

const entryValue = (c: BuiltinCall): Term => {
  const [v] = c.args;
  return v ?? fresh('entry');
};

const BUILTIN_IMPLS: Record<string, Builtin> = {
  'pt-offset:pgd': ({ path, args, texts }) => [{ path, value: addr(pgdOf(path, args[0], texts[0]).id, indexTerm('pgd', args[1])) }],
  'pt-offset:p4d': ({ path, args }) => [{ path, value: args[0] }],
  'pt-offset:pud': ({ path, args, texts }) => [{ path, value: offsetInLower(path, args[0], args[1], 'pud', texts[0]) }],
  'pt-offset:pmd': ({ path, args, texts }) => [{ path, value: offsetInLower(path, args[0], args[1], 'pmd', texts[0]) }],
  'pt-offset:pte': ({ path, args, texts }) => [{ path, value: offsetInLower(path, args[0], args[1], 'pte', texts[0]) }],
  'entry-test:none': (c) => [{ path: c.path, value: op('eq', entryValue(c), ZERO) }],
  'entry-test:present': (c) => [{ path: c.path, value: op('ne', entryValue(c), ZERO) }],
  'entry-test:huge': (c) => [{ path: c.path, value: app('entry_is_huge', [entryValue(c)]) }],
  'entry-test:swap': (c) => [{ path: c.path, value: app('entry_is_swap', [entryValue(c)]) }],
  'entry-test:devmap': (c) => [{ path: c.path, value: app('entry_is_devmap', [entryValue(c)]) }],
  'huge-pte-offset': ({ path, args, texts }) => [{ path, value: entryPointer(path, args[0], args[1], 'pmd', texts[0]) }],
  'huge-pte-alloc': ({ ctx, path, args, texts }) => nullOr(ctx, path, entryPointer(path, args[0], args[2], 'pmd', texts[0]), 'huge_pte_alloc() failed to allocate'),
  'page-count': ({ path, args, texts }) => [{ path, value: refcountOf(path, args[0], texts[0]) }],
  'pt-share-count': ({ path, args, texts }) => [{ path, value: op('sub', refcountOf(path, args[0], texts[0]), constant(1)) }],
  'virt-to-page': ({ path, args, texts }) => [{ path, value: addr(tableOf(path, args[0], texts[0]).id) }],
  'nth-page': ({ path, args }) => [{ path, value: movedThroughPfn(args[0], args[1]) }],
  'folio-page': ({ path, args }) => [{ path, value: movedThroughPfn(args[0], args[1]) }],
  'compound-head': ({ path, args }) => [{ path, value: args[0].t === 'addr' ? addr(args[0].obj) : app('compound_head', [args[0]]) }],
  'page-to-pfn': ({ path, args }) => [{ path, value: app('page_to_pfn', [args[0]]) }],
  'pfn-to-page': ({ path, args }) => [{ path, value: app('pfn_to_page', [args[0]]) }],
  'max-order-nr-pages': ({ path }) => [{ path, value: constant(1024) }],
  identity: ({ path, args }) => [{ path, value: args[0] ?? ZERO }],
  min: ({ ctx, path, args, texts }) => minOf(ctx, path, args, texts, 'lt'),
  max: ({ ctx, path, args, texts }) => minOf(ctx, path, args, texts, 'gt'),
  min3: ({ ctx, path, args, texts }) => minOf(ctx, path, args, texts, 'lt'),
  'err-ptr': ({ path, args }) => [{ path, value: app('ERR_PTR', [args[0]]) }],
  'ptr-err': ({ path, args }) => [{ path, value: app('PTR_ERR', [args[0]]) }],
  'is-err': ({ path, args }) => [{ path, value: app('IS_ERR', [args[0]]) }],
  'is-err-or-null': ({ path, args }) => [{ path, value: op('lor', op('eq', args[0], ZERO), app('IS_ERR', [args[0]])) }],
  'config-enabled': ({ path }) => [{ path, value: constant(1) }],
  'hstate-of-vma': ({ path, args, texts }) => [{ path, value: path.heap.readField(objectAt(path, args[0], texts[0]).id, '__hstate', `hstate_vma(${texts[0]})`, true) }],
  'fault-mutex-hash': ({ path, args }) => [{ path, value: app('hugetlb_fault_mutex_hash', args) }],
  'hugetlb-unshare-range': (c) => hugetlbUnshareRange(c),
  'unmap-hugepage-range': (c) => unmapHugepageRange(c, false),
  'unmap-hugepage-range-flush': (c) => unmapHugepageRange(c, true),
  'huge-pmd-share': (c) => hugePmdShare(c),
  'release-vma-write-locks': ({ path }) => {
    path.held = path.held.filter((h) => h.lock.cls !== 'vma_lock');
    return [{ path, value: ZERO }];
  },
};

export function runBuiltin(name: string, call: BuiltinCall): Val[] | undefined {
  const impl = BUILTIN_IMPLS[name];
  return impl ? impl(call) : undefined;
}

export function hasBuiltin(name: string): boolean {
  return name in BUILTIN_IMPLS;
}

/** A page-table page's refcount is its share count in 6.1; a folio's is its refcount. */
export function refcountOf(path: Path, page: Term, text: string): Term {
  const obj = page.t === 'addr' ? path.heap.get(page.obj) : undefined;
  const target = obj ?? tableOf(path, page, text);
  if (target.refcount) return target.refcount;
  const value = fresh(`page_count(${text})`, 1n);
  path.heap.mutable(target.id).refcount = value;
  return value;
}

/** nth_page()/folio_page(): move through the pfn, which is right across sections, so nothing is recorded. */
function movedThroughPfn(page: Term, n: Term): Term {
  return page.t === 'addr' ? addr(page.obj, op('add', page.off, n)) : op('add', page, n);
}

/** min/max of two or three values: one path per candidate, with the comparisons that make it the result. */
function minOf(ctx: RunContext, path: Path, args: Term[], texts: string[], cmp: 'lt' | 'gt'): Val[] {
  const out: Val[] = [];
  args.forEach((candidate, i) => {
    let p: Path | undefined = i === args.length - 1 ? path : path.fork();
    const word = cmp === 'lt' ? 'smallest' : 'largest';
    for (let j = 0; j < args.length && p; j++) {
      if (j === i) continue;
      const rel = j < i ? (cmp === 'lt' ? 'lt' : 'gt') : (cmp === 'lt' ? 'le' : 'ge');
      const sym = { lt: '<', le: '<=', gt: '>', ge: '>=' }[rel];
      const b = branch(ctx, p, op(rel, candidate, args[j]), { text: `${texts[i]} ${sym} ${texts[j]}`, negatedText: `not ${word}` });
      p = b.whenTrue;
    }
    if (p) out.push({ path: p, value: candidate });
  });
  return out;
}

function nullOr(ctx: RunContext, path: Path, value: Term, failure: string): Val[] {
  const failed = fresh(failure, 0n, 1n);
  const b = branch(ctx, path, truthy(failed), { text: failure, negatedText: 'the allocation succeeded' });
  return [
    ...(b.whenFalse ? [{ path: b.whenFalse, value }] : []),
    ...(b.whenTrue ? [{ path: b.whenTrue, value: ZERO }] : []),
  ];
}

