import { test } from 'node:test';
import assert from 'node:assert/strict';
import { boundsOf, feasible } from '../../simulator/src/solver/solve.js';
import { constant, fresh, negate, op, truthy } from '../../simulator/src/solver/term.js';

test('x != 0 and x == 0 contradict', () => {
  const x = fresh('x');
  assert.equal(feasible([truthy(x)]), true);
  assert.equal(feasible([truthy(x), negate(truthy(x))]), false);
});

test('a flag test and its negation contradict, through a stored boolean', () => {
  const flags = fresh('vma->vm_flags', 0n);
  const bit = op('and', flags, constant(8));
  const stored = op('ne', bit, constant(0));
  assert.equal(feasible([truthy(bit), op('eq', stored, constant(0))]), false);
  assert.equal(feasible([truthy(bit), op('eq', stored, constant(1))]), true);
});

test('bounds propagate through linear constraints', () => {
  const off = fresh('pfn_offset', 0n, 262143n);
  const n = fresh('nr', 0n);
  const refs = op('sub', constant(262144), off);
  const pc = [op('lt', n, refs)];
  assert.deepEqual(boundsOf(pc, n), { lo: 0n, hi: 262143n });
  assert.equal(feasible([...pc, op('ge', op('add', off, op('add', n, constant(1))), constant(32768)), op('eq', off, constant(0))]), true);
  assert.equal(feasible([...pc, op('ge', n, constant(262144))]), false);
});

test('disjunctions are split into cases', () => {
  const a = fresh('a');
  const b = fresh('b');
  const either = op('lor', op('eq', a, constant(0)), op('eq', b, constant(0)));
  assert.equal(feasible([either, op('ne', a, constant(0))]), true);
  assert.equal(feasible([either, op('ne', a, constant(0)), op('ne', b, constant(0))]), false);
});
