/**
 * Generic kernel locking primitives: spinlocks, rwlocks, mutexes, rwsems,
 * RCU and seqcounts. The lock is named by the pointer the caller passes
 * (spin(lock), mutex(lock)...), which the interpreter resolves to the lock
 * object it points at, so spin_unlock(ptl) releases what pmd_lock took.
 * The small builders below keep each family to a line per function; every
 * entry still carries its own doc.
 */
import type { ApiModel, LockMode } from '../schema.js';

const REF = 'mm-facts §1.2, R18';

function taker(name: string, params: string[], lock: string, mode: LockMode, sleeps: boolean, pairsWith: string, doc: string): ApiModel {
  return { name, params, doc, ref: REF, sleeps: sleeps || undefined, acquires: [{ lock, mode }], pairsWith, returns: 'void' };
}

function dropper(name: string, params: string[], lock: string, mode: LockMode, doc: string): ApiModel {
  return { name, params, doc, ref: REF, releases: [{ lock, mode }], returns: 'void' };
}

/** A trylock: 1 with the lock held, or 0 with nothing held. */
function trier(name: string, params: string[], lock: string, mode: LockMode, pairsWith: string, doc: string): ApiModel {
  return {
    name,
    params,
    doc,
    ref: REF,
    acquires: [{ lock, mode, when: 'ret != 0' }],
    pairsWith,
    returns: 'int',
    cases: [
      { value: '1', means: 'the lock was taken' },
      { value: '0', means: 'the lock was busy and nothing is held' },
    ],
  };
}

/** A killable or interruptible sleeping acquire: 0 with the lock held, or -EINTR without it. */
function killable(name: string, params: string[], lock: string, mode: LockMode, pairsWith: string, doc: string): ApiModel {
  return {
    name,
    params,
    doc,
    ref: REF,
    sleeps: true,
    acquires: [{ lock, mode, when: 'ret == 0' }],
    pairsWith,
    returns: 'errno',
    cases: [
      { value: '0', means: 'the lock is held' },
      { value: '-EINTR', means: 'a fatal signal arrived while waiting; the lock is not held' },
    ],
  };
}

export const GENERIC_LOCK_MODELS: ApiModel[] = [
  taker('spin_lock', ['lock'], 'spin(lock)', 'write', false, 'spin_unlock', 'Spins on the lock.'),
  dropper('spin_unlock', ['lock'], 'spin(lock)', 'write', 'Releases the spinlock.'),
  taker('spin_lock_nested', ['lock', 'subclass'], 'spin(lock)', 'write', false, 'spin_unlock', 'Spins on the lock; the subclass only tells lockdep that nesting two locks of one class is intended (the fork copy takes dst then src ptl).'),
  taker('spin_lock_irq', ['lock'], 'spin(lock)', 'write', false, 'spin_unlock_irq', 'Disables local interrupts and spins on the lock.'),
  dropper('spin_unlock_irq', ['lock'], 'spin(lock)', 'write', 'Releases the spinlock and re-enables local interrupts.'),
  taker('spin_lock_irqsave', ['lock', 'flags'], 'spin(lock)', 'write', false, 'spin_unlock_irqrestore', 'Saves the interrupt state in flags, disables interrupts and spins on the lock (hugetlb_lock, subpool locks).'),
  dropper('spin_unlock_irqrestore', ['lock', 'flags'], 'spin(lock)', 'write', 'Releases the spinlock and restores the saved interrupt state.'),
  taker('spin_lock_bh', ['lock'], 'spin(lock)', 'write', false, 'spin_unlock_bh', 'Disables softirqs and spins on the lock.'),
  dropper('spin_unlock_bh', ['lock'], 'spin(lock)', 'write', 'Releases the spinlock and re-enables softirqs.'),
  trier('spin_trylock', ['lock'], 'spin(lock)', 'write', 'spin_unlock', 'Takes the spinlock only if it is free.'),
  taker('read_lock', ['lock'], 'rwlock(lock)', 'read', false, 'read_unlock', 'Spins until the rwlock_t can be shared with other readers.'),
  dropper('read_unlock', ['lock'], 'rwlock(lock)', 'read', 'Drops a reader hold of the rwlock_t.'),
  taker('write_lock', ['lock'], 'rwlock(lock)', 'write', false, 'write_unlock', 'Spins until the rwlock_t is free and holds it exclusively.'),
  dropper('write_unlock', ['lock'], 'rwlock(lock)', 'write', 'Releases the exclusive hold of the rwlock_t.'),
  taker('mutex_lock', ['lock'], 'mutex(lock)', 'write', true, 'mutex_unlock', 'Sleeps until the mutex is free, then owns it (the hugetlb fault mutex, resize_lock).'),
  dropper('mutex_unlock', ['lock'], 'mutex(lock)', 'write', 'Releases the mutex.'),
  taker('mutex_lock_nested', ['lock', 'subclass'], 'mutex(lock)', 'write', true, 'mutex_unlock', 'mutex_lock with a lockdep nesting subclass.'),
  trier('mutex_trylock', ['lock'], 'mutex(lock)', 'write', 'mutex_unlock', 'Takes the mutex only if it is free; does not sleep.'),
  killable('mutex_lock_killable', ['lock'], 'mutex(lock)', 'write', 'mutex_unlock', 'mutex_lock that gives up on a fatal signal.'),
  killable('mutex_lock_interruptible', ['lock'], 'mutex(lock)', 'write', 'mutex_unlock', 'mutex_lock that gives up on any signal.'),
  taker('down_read', ['sem'], 'rwsem(sem)', 'read', true, 'up_read', 'Sleeps until the rw_semaphore can be shared with other readers.'),
  dropper('up_read', ['sem'], 'rwsem(sem)', 'read', 'Drops a reader hold of the rw_semaphore.'),
  taker('down_read_nested', ['sem', 'subclass'], 'rwsem(sem)', 'read', true, 'up_read', 'down_read with a lockdep nesting subclass.'),
  taker('down_write', ['sem'], 'rwsem(sem)', 'write', true, 'up_write', 'Sleeps until the rw_semaphore is free and holds it exclusively.'),
  dropper('up_write', ['sem'], 'rwsem(sem)', 'write', 'Releases the exclusive hold of the rw_semaphore.'),
  trier('down_read_trylock', ['sem'], 'rwsem(sem)', 'read', 'up_read', 'Takes the rw_semaphore for read only if that needs no waiting; does not sleep.'),
  trier('down_write_trylock', ['sem'], 'rwsem(sem)', 'write', 'up_write', 'Takes the rw_semaphore for write only if it is free; does not sleep.'),
  killable('down_read_killable', ['sem'], 'rwsem(sem)', 'read', 'up_read', 'down_read that gives up on a fatal signal.'),
  killable('down_write_killable', ['sem'], 'rwsem(sem)', 'write', 'up_write', 'down_write that gives up on a fatal signal.'),
  {
    name: 'downgrade_write',
    params: ['sem'],
    doc: 'Turns a write hold of the rw_semaphore into a read hold without letting a writer in between.',
    ref: REF,
    requires: [{ lock: 'rwsem(sem)', mode: 'write' }],
    releases: [{ lock: 'rwsem(sem)', mode: 'write' }],
    acquires: [{ lock: 'rwsem(sem)', mode: 'read' }],
    returns: 'void',
  },
  taker('rcu_read_lock', [], 'rcu()', 'read', false, 'rcu_read_unlock', 'Enters an RCU read-side section: objects freed through RCU (PTE tables retracted by khugepaged) stay valid, and the section must not sleep.'),
  dropper('rcu_read_unlock', [], 'rcu()', 'read', 'Leaves the RCU read-side section.'),
  taker('raw_write_seqcount_begin', ['s'], 'seq(s)', 'write', false, 'raw_write_seqcount_end', 'Starts a seqcount write section without lockdep (the fork write-protect section on mm->write_protect_seq, which GUP-fast checks).'),
  dropper('raw_write_seqcount_end', ['s'], 'seq(s)', 'write', 'Ends a seqcount write section.'),
  taker('write_seqcount_begin', ['s'], 'seq(s)', 'write', false, 'write_seqcount_end', 'Starts a seqcount write section; the writer must already be serialised by a lock.'),
  dropper('write_seqcount_end', ['s'], 'seq(s)', 'write', 'Ends a seqcount write section.'),
];
