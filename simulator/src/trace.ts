/**
 * What a simulation outputs: per path, an ordered trace of events, each with
 * the source location it came from and the locks held at that moment; and a
 * per-function Summary. The checks are queries over these traces.
 */
import type { Span } from './span.js';
import type { Term } from './solver/term.js';

/** A location in the source text of one function (the function id names which). */
export interface Loc {
  fn: string;
  span: Span;
}

export type LockMode = 'read' | 'write';

/** A lock as the checks and messages see it. */
export interface LockRef {
  /** Identity across paths: "ptl(PMD table of pmd)", "i_mmap_rwsem(vma->vm_file->f_mapping)". */
  key: string;
  /** Class: ptl, page_table_lock, i_mmap_rwsem, hugetlb_vma_lock, mmap_lock, spinlock, mutex, rwsem, rcu... */
  cls: string;
  /** In words: "the ptl of the PMD table holding pmd". */
  label: string;
  /** Whether taking it may sleep (rwsem, mutex) or not (spinlock, RCU). */
  sleeps: boolean;
  /** The simulated lock object. */
  obj: number;
}

export interface HeldLock {
  lock: LockRef;
  mode: LockMode;
  /** Where it was taken; undefined when held on entry (from the calling context or an assertion). */
  at?: Loc;
  /** Why it is held on entry: "zap_huge_pmd's caller (__pmd_trans_huge_lock)". */
  fromContext?: string;
}

interface EventBase {
  loc: Loc;
  /** Locks held when the event happened. */
  held: HeldLock[];
  /** Number of path-condition entries in force at the event (a prefix of Trace.conditions). */
  pcLength: number;
  /** Calls from the simulated function down to where this happened, outermost first. */
  stack: Loc[];
}

export type TraceEvent = EventBase & (
  | { kind: 'lock'; lock: LockRef; mode: LockMode; via: string; alreadyHeld: boolean }
  | { kind: 'unlock'; lock: LockRef; mode: LockMode; via: string; wasHeld: boolean }
  | { kind: 'write-entry'; via: string; level: string; table: number; tableLabel: string; index: string; before: Term; value: string;
      /** For a PUD write: the PMD table the entry pointed to, its share count then, and whether it may be shared. */
      lowerTable?: number; lowerShare?: Term; maySharedLower: boolean; mm?: number }
  | { kind: 'share'; table: number; tableLabel: string; before: Term; after: Term; via: string }
  | { kind: 'refcount'; obj: number; label: string; before: Term; after: Term; via: string }
  | { kind: 'counter'; counter: string; mm?: number; delta: number; via: string }
  | { kind: 'tlb-flush'; via: string; start?: Term; end?: Term; mm?: number; gathered: boolean }
  | { kind: 'tlb-gather'; via: string; start?: Term; end?: Term }
  | { kind: 'bug'; via: string; condition: string; assertion: 'bug' | 'vm-bug' | 'warn' | 'vm-warn'; fires: boolean; why: string[];
      /** The asserted condition's value, so a check can ask which path conditions rule it out. */
      term?: Term }
  | { kind: 'unknown-call'; name: string }
  | { kind: 'call'; name: string; target: 'patch' | 'model' }
  | { kind: 'sleep'; via: string }
  | { kind: 'requires'; via: string; lock: LockRef; mode: LockMode | 'any'; satisfied: boolean; heldMode?: LockMode }
  | { kind: 'assume-lock'; via: string; lock: LockRef; mode: LockMode }
  | { kind: 'deref'; pointer: Term; text: string }
  | { kind: 'null-check'; pointer: Term; text: string }
  | { kind: 'page-arith'; text: string; folio: number; from: Term; delta: Term; sectionPages?: number; loopVar?: string }
  | { kind: 'set-field'; text: string; value: string }
  | { kind: 'notifier'; phase: 'start' | 'end'; via: string }
  | { kind: 'deposit' | 'withdraw'; table: number; via: string }
  | { kind: 'free'; via: string; obj?: number }
  | { kind: 'gup-fast-sync'; via: string }
  | { kind: 'entry-read'; via: string; table: number; text: string }
  | { kind: 'gap'; reason: string }
  | { kind: 'return'; value: string }
);

export interface Condition {
  term: Term;
  /** The condition as a reviewer would read it: "page_count(virt_to_page(pmdp)) != 1". */
  text: string;
  /** Why it holds, when it comes from a callee's return: "hugetlb_vma_data_alloc(vma) returned 0". */
  why?: string;
  loc?: Loc;
  /** When decided inside a kernel API model: the call site of that model in the simulated code. */
  site?: Loc;
}

export interface Trace {
  /** Index of the path within its run. */
  id: number;
  conditions: Condition[];
  events: TraceEvent[];
  /** How the path ended. */
  end: 'return' | 'bug' | 'fallthrough' | 'budget' | 'gap';
  returnValue?: Term;
  returnText?: string;
  /** Locks held when the path left the function. */
  heldAtExit: HeldLock[];
  heldAtEntry: HeldLock[];
  /** Why this path is not a full execution, when it is not. */
  incomplete?: string;
}

export interface PathSummary {
  condition: string;
  returns: string;
  events: { kind: string; line?: number; detail: string; locksHeld: string[] }[];
}

export interface Summary {
  function: string;
  scenario: string;
  context: string;
  paths: PathSummary[];
  locksOnEntry: string[];
  locksOnExit: string[][];
  effects: string[];
  unknownCalls: string[];
  incomplete: string[];
  complete: boolean;
}
