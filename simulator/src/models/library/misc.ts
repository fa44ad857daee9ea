/**
 * General kernel helpers the mm code under review calls all the time:
 * allocation, scheduling points, reference counters, lock initialisers and
 * cache hooks. What matters to the checks is mostly whether they sleep
 * (R18) and what a NULL or error return means.
 */
import type { ApiModel } from '../schema.js';

function sleeper(name: string, params: string[], doc: string): ApiModel {
  return { name, params, doc, ref: 'mm-facts §2.10 #93, R18', sleeps: true, returns: 'void' };
}

function init(name: string, param: string, doc: string): ApiModel {
  return { name, params: [param], doc, ref: 'mm-facts §2.2 #23', returns: 'void' };
}

function allocator(name: string, doc: string): ApiModel {
  return {
    name,
    params: ['size', 'flags'],
    doc,
    ref: 'mm-facts §2.10 #93, R18',
    sleeps: true,
    sleepsWhen: 'gfpflags_allow_blocking(flags)',
    returns: 'pointer',
    cases: [
      { value: 'fresh', means: 'the memory was allocated' },
      { value: 'NULL', means: 'the allocation failed' },
    ],
  };
}

export const MISC_MODELS: ApiModel[] = [
  allocator('kmalloc', 'Allocates memory. It may sleep only when the flags allow direct reclaim (GFP_KERNEL does; GFP_ATOMIC and GFP_NOWAIT do not), so only those calls are forbidden under a spinlock or RCU. NULL on failure.'),
  allocator('kzalloc', 'kmalloc that zeroes the memory. Sleeps under the same rule as kmalloc. NULL on failure.'),
  {
    name: 'kfree',
    params: ['objp'],
    doc: 'Frees memory from kmalloc; NULL is allowed and ignored. Does not sleep.',
    ref: 'include/linux/slab.h',
    effects: [{ kind: 'free', of: 'objp', when: 'objp != NULL' }],
    returns: 'void',
  },
  {
    name: 'gfpflags_allow_blocking',
    params: ['gfp_flags'],
    doc: 'True when the allocation flags allow direct reclaim, i.e. the allocation may sleep.',
    ref: 'include/linux/gfp.h',
    returns: 'bool',
    cases: [{ value: '(gfp_flags & __GFP_DIRECT_RECLAIM) != 0' }],
  },
  {
    name: 'cond_resched',
    params: [],
    doc: 'Gives up the CPU if another task should run: a sleep point, never allowed under a spinlock or RCU.',
    ref: 'mm-facts §2.10 #93, R18',
    sleeps: true,
    returns: 'int',
  },
  sleeper('schedule', [], 'Switches to another task; the caller sleeps.'),
  sleeper('msleep', ['msecs'], 'Sleeps for at least msecs milliseconds.'),
  {
    name: 'mmu_notifier_range_init',
    params: ['range', 'event', 'flags', 'mm', 'start', 'end'],
    altParams: [['range', 'event', 'flags', 'vma', 'mm', 'start', 'end']],
    version: '6.3+ (six arguments); 6.1 also passes the vma before mm',
    doc: 'Fills a notifier range for mm over [start, end) with the event kind. Nothing is notified yet; hugetlb callers widen the range for possible PMD sharing before starting it.',
    ref: 'mm-facts §2.5 #57, R7, R21',
    effects: [
      { kind: 'set-field', target: 'range->mm', value: 'mm' },
      { kind: 'set-field', target: 'range->start', value: 'start' },
      { kind: 'set-field', target: 'range->end', value: 'end' },
    ],
    returns: 'void',
  },
  {
    name: 'flush_cache_range',
    params: ['vma', 'start', 'end'],
    doc: 'Writes back virtually indexed data caches for the range before its mappings change (nothing on x86). Does not flush the TLB.',
    ref: 'mm-facts R21',
    returns: 'void',
  },
  {
    name: 'update_mmu_cache',
    params: ['vma', 'address', 'ptep'],
    doc: 'Arch hook after an entry was installed or made more permissive (nothing on x86). Not a TLB flush.',
    ref: 'mm-facts §2.8 #73',
    returns: 'void',
  },
  {
    name: 'kref_init',
    params: ['kref'],
    doc: 'Sets a kref to one reference (the hugetlb VMA lock starts with one).',
    ref: 'include/linux/kref.h; mm-facts §2.2 #23',
    effects: [{ kind: 'set-field', target: 'kref->refcount', value: '1' }],
    returns: 'void',
  },
  {
    name: 'kref_get',
    params: ['kref'],
    doc: 'Takes one more reference on a kref (hugetlbfs keeps the VMA lock alive across dropping i_mmap_rwsem this way).',
    ref: 'include/linux/kref.h; mm-facts R10',
    effects: [{ kind: 'set-field', target: 'kref->refcount', value: 'kref->refcount + 1' }],
    returns: 'void',
  },
  {
    name: 'kref_put',
    params: ['kref', 'release'],
    doc: 'Drops a reference; the last one calls release and returns 1.',
    ref: 'include/linux/kref.h',
    effects: [{ kind: 'set-field', target: 'kref->refcount', value: 'kref->refcount - 1' }],
    returns: 'int',
    cases: [
      { when: 'kref->refcount == 1', value: '1', means: 'that was the last reference: the object was released' },
      { when: 'kref->refcount != 1', value: '0', means: 'other references remain' },
    ],
  },
  init('init_rwsem', 'sem', 'Initialises an rw_semaphore, unheld.'),
  init('spin_lock_init', 'lock', 'Initialises a spinlock, unheld.'),
  init('mutex_init', 'lock', 'Initialises a mutex, unheld.'),
  {
    name: 'list_empty',
    params: ['head'],
    doc: 'True when the list has no entries.',
    ref: 'include/linux/list.h',
    returns: 'bool',
  },
];
