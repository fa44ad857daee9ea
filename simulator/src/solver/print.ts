/**
 * Prints a term as C-like text for messages and pictures: symbols by the name
 * a reviewer would write, objects by their label.
 */
import type { Term } from './term.js';

const INFIX: Record<string, string> = {
  add: '+', sub: '-', mul: '*', div: '/', mod: '%', shl: '<<', shr: '>>', and: '&', or: '|', xor: '^',
  eq: '==', ne: '!=', lt: '<', le: '<=', gt: '>', ge: '>=', land: '&&', lor: '||',
};

export function printTerm(t: Term, objectLabel: (id: number) => string = (id) => `object ${id}`): string {
  switch (t.t) {
    case 'const': return t.v > 0xffffn ? `0x${t.v.toString(16)}` : t.v.toString();
    case 'sym': return t.name;
    case 'addr': {
      const off = t.off.t === 'const' && t.off.v === 0n ? '' : ` + ${printTerm(t.off, objectLabel)}`;
      return `&${objectLabel(t.obj)}${off}`;
    }
    case 'op': {
      const [a, b] = t.args.map((x) => printTerm(x, objectLabel));
      if (t.op === 'app') return `${t.fn}(${t.args.map((x) => printTerm(x, objectLabel)).join(', ')})`;
      if (t.op === 'add') {
        // x + -1 reads as x - 1 (terms keep constants first after sorting).
        const k = t.args.find((x) => x.t === 'const' && x.v < 0n);
        const other = t.args.find((x) => x !== k);
        if (k && other && k.t === 'const') return `${printTerm(other, objectLabel)} - ${(-k.v).toString()}`;
      }
      if (t.op === 'not') return `!(${a})`;
      if (t.op === 'neg') return `-(${a})`;
      if (t.op === 'bnot') return `~(${a})`;
      return `(${a} ${INFIX[t.op] ?? t.op} ${b})`;
    }
  }
}
