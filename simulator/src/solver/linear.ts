/**
 * Linear normal form of terms: sum of coefficient * atom plus a constant.
 * Anything non-linear (x & MASK, a call result, x * y) becomes an atom, so
 * the solver reasons about it as an unknown with a domain, and two equal
 * subterms are the same atom because terms are hash-consed.
 */
import type { Term } from './term.js';

export interface Linear {
  coeffs: Map<string, bigint>;
  constant: bigint;
}

/** Addresses of different objects are far apart, so pointers to them compare unequal. */
export const OBJECT_STRIDE = 1n << 40n;

export function objectBase(obj: number): bigint {
  return BigInt(obj) * OBJECT_STRIDE;
}

export function linearize(t: Term, atoms: Map<string, Term>): Linear {
  switch (t.t) {
    case 'const':
      return { coeffs: new Map(), constant: t.v };
    case 'sym':
      atoms.set(t.key, t);
      return { coeffs: new Map([[t.key, 1n]]), constant: 0n };
    case 'addr': {
      const off = linearize(t.off, atoms);
      return { coeffs: off.coeffs, constant: off.constant + objectBase(t.obj) };
    }
    case 'op':
      return linearizeOp(t, atoms);
  }
}

function linearizeOp(t: Term & { t: 'op' }, atoms: Map<string, Term>): Linear {
  const [a, b] = t.args;
  switch (t.op) {
    case 'add':
      return combine(linearize(a, atoms), linearize(b, atoms), 1n);
    case 'sub':
      return combine(linearize(a, atoms), linearize(b, atoms), -1n);
    case 'neg':
      return scale(linearize(a, atoms), -1n);
    case 'mul':
      if (b.t === 'const') return scale(linearize(a, atoms), b.v);
      if (a.t === 'const') return scale(linearize(b, atoms), a.v);
      break;
    case 'shl':
      if (b.t === 'const' && b.v >= 0n && b.v < 64n) return scale(linearize(a, atoms), 1n << b.v);
      break;
  }
  atoms.set(t.key, t);
  return { coeffs: new Map([[t.key, 1n]]), constant: 0n };
}

function combine(x: Linear, y: Linear, sign: bigint): Linear {
  const coeffs = new Map(x.coeffs);
  for (const [k, c] of y.coeffs) {
    const v = (coeffs.get(k) ?? 0n) + sign * c;
    if (v === 0n) coeffs.delete(k);
    else coeffs.set(k, v);
  }
  return { coeffs, constant: x.constant + sign * y.constant };
}

function scale(x: Linear, k: bigint): Linear {
  if (k === 0n) return { coeffs: new Map(), constant: 0n };
  const coeffs = new Map<string, bigint>();
  for (const [key, c] of x.coeffs) coeffs.set(key, c * k);
  return { coeffs, constant: x.constant * k };
}

export function subtract(x: Linear, y: Linear): Linear {
  return combine(x, y, -1n);
}
