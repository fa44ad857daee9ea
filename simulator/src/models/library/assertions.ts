/**
 * Assertion and debug macros (mm-facts §2.10, R26). The VM_ variants and
 * lockdep checks vanish from production kernels, so a locking bug does not
 * trip them there; the simulator checks the rules itself and reports a
 * reachable assertion with its path condition.
 */
import type { ApiModel } from '../schema.js';

function assertion(name: string, params: string[], kind: 'bug' | 'vm-bug' | 'vm-warn', doc: string): ApiModel {
  return { name, params, doc, ref: 'mm-facts §2.10 #88-92, R26', assertion: kind, returns: 'void' };
}

/** WARN-style macros evaluate to their condition, so `if (WARN_ON(x))` works. */
function warning(name: string, params: string[], doc: string): ApiModel {
  return { name, params, doc, ref: 'mm-facts §2.10 #90-91', assertion: 'warn', returns: 'bool', cases: [{ value: '!!cond' }] };
}

export const ASSERTION_MODELS: ApiModel[] = [
  assertion('BUG_ON', ['cond'], 'bug', 'Oopses (kills the task, panics with panic_on_oops) when cond is true. Never for recoverable conditions.'),
  assertion('VM_BUG_ON', ['cond'], 'vm-bug', 'BUG_ON only with CONFIG_DEBUG_VM; otherwise cond is not even evaluated, so it must have no side effects.'),
  assertion('VM_BUG_ON_VMA', ['cond', 'vma'], 'vm-bug', 'VM_BUG_ON that dumps the VMA first.'),
  assertion('VM_BUG_ON_PAGE', ['cond', 'page'], 'vm-bug', 'VM_BUG_ON that dumps the page first.'),
  assertion('VM_BUG_ON_FOLIO', ['cond', 'folio'], 'vm-bug', 'VM_BUG_ON that dumps the folio first.'),
  assertion('VM_BUG_ON_MM', ['cond', 'mm'], 'vm-bug', 'VM_BUG_ON that dumps the mm first.'),
  warning('WARN_ON', ['cond'], 'When cond is true prints a backtrace and taints the kernel, then carries on (panics under panic_on_warn). Evaluates to cond.'),
  warning('WARN_ON_ONCE', ['cond'], 'WARN_ON that prints only the first time at this call site, but still evaluates to cond every time.'),
  warning('WARN_ONCE', ['cond', 'fmt'], 'WARN_ON_ONCE with a printf-style message. Evaluates to cond.'),
  warning('WARN', ['cond', 'fmt'], 'WARN_ON with a printf-style message. Evaluates to cond.'),
  assertion('VM_WARN_ON', ['cond'], 'vm-warn', 'WARN_ON only with CONFIG_DEBUG_VM; otherwise compiled out like VM_BUG_ON.'),
  assertion('VM_WARN_ON_ONCE', ['cond'], 'vm-warn', 'WARN_ON_ONCE only with CONFIG_DEBUG_VM; otherwise compiled out.'),
  {
    name: 'might_sleep',
    params: [],
    doc: 'Marks a point that may sleep: with CONFIG_DEBUG_ATOMIC_SLEEP it complains in atomic context (a spinlock or RCU read section held); it is also a voluntary preemption point.',
    ref: 'mm-facts §2.10 #93, R18',
    sleeps: true,
    returns: 'void',
  },
  {
    name: 'lockdep_assert_held',
    params: ['l'],
    doc: 'With lockdep, checks that the lock is held in some mode. Basis of the *_assert_* helpers.',
    ref: 'mm-facts §2.10 #94',
    asserts: [{ lock: 'lock(l)', anyMode: true }],
    returns: 'void',
  },
  {
    name: 'lockdep_assert_held_write',
    params: ['l'],
    doc: 'With lockdep, checks that the lock is held exclusively.',
    ref: 'mm-facts §2.10 #94',
    asserts: [{ lock: 'lock(l)', mode: 'write' }],
    returns: 'void',
  },
  {
    name: 'lockdep_assert_held_read',
    params: ['l'],
    doc: 'With lockdep, checks that the lock is held shared.',
    ref: 'mm-facts §2.10 #94',
    asserts: [{ lock: 'lock(l)', mode: 'read' }],
    returns: 'void',
  },
  {
    name: 'BUILD_BUG_ON',
    params: ['cond'],
    doc: 'Fails the build when the constant cond is true; nothing happens at run time.',
    ref: 'include/linux/build_bug.h',
    returns: 'void',
  },
];
