/**
 * Value macros: once-accessors, branch hints, min/max, alignment, error
 * pointers and configuration tests. Most are plain C expressions over their
 * arguments, so the solver sees through them (min3(a, b, c) can be 0
 * whenever b can); the rest are small builtins. None locks or sleeps.
 */
import type { ApiModel } from '../schema.js';

const REF = 'include/linux/minmax.h, align.h, err.h, compiler.h';

function value(name: string, params: string[], expr: string, doc: string): ApiModel {
  return { name, params, doc, ref: REF, returns: 'unsigned long', cases: [{ value: expr }] };
}

function builtin(name: string, params: string[], fn: string, returns: ApiModel['returns'], doc: string): ApiModel {
  return { name, params, doc, ref: REF, returns, builtin: fn };
}

export const MACRO_MODELS: ApiModel[] = [
  builtin('READ_ONCE', ['x'], 'identity', 'unsigned long', 'Reads x exactly once (no tearing or re-reading by the compiler). Its value is x.'),
  {
    name: 'WRITE_ONCE',
    params: ['x', 'val'],
    doc: 'Stores val into x exactly once, as a single access.',
    ref: REF,
    effects: [{ kind: 'set-field', target: 'x', value: 'val' }],
    returns: 'void',
  },
  builtin('likely', ['x'], 'identity', 'bool', 'A branch hint; its value is x.'),
  builtin('unlikely', ['x'], 'identity', 'bool', 'A branch hint; its value is x.'),
  builtin('min', ['x', 'y'], 'min', 'unsigned long', 'The smaller of two values.'),
  builtin('max', ['x', 'y'], 'max', 'unsigned long', 'The larger of two values.'),
  builtin('min3', ['a', 'b', 'c'], 'min3', 'unsigned long', 'The smallest of three values.'),
  value('max3', ['x', 'y', 'z'], 'max(max(x, y), z)', 'The largest of three values.'),
  value('min_t', ['type', 'x', 'y'], 'min(x, y)', 'min after converting both values to type.'),
  value('max_t', ['type', 'x', 'y'], 'max(x, y)', 'max after converting both values to type.'),
  value('clamp', ['val', 'lo', 'hi'], 'min(max(val, lo), hi)', 'val limited to [lo, hi].'),
  value('ALIGN', ['x', 'a'], '(x + (a - 1)) & ~(a - 1)', 'x rounded up to a multiple of the power of two a.'),
  value('ALIGN_DOWN', ['x', 'a'], 'x & ~(a - 1)', 'x rounded down to a multiple of the power of two a.'),
  {
    name: 'IS_ALIGNED',
    params: ['x', 'a'],
    doc: 'True when x is a multiple of the power of two a.',
    ref: REF,
    returns: 'bool',
    cases: [{ value: '(x & (a - 1)) == 0' }],
  },
  builtin('ERR_PTR', ['error'], 'err-ptr', 'pointer', 'Encodes a negative errno as a pointer in the top page of the address space.'),
  builtin('PTR_ERR', ['ptr'], 'ptr-err', 'long', 'The negative errno an error pointer encodes.'),
  builtin('IS_ERR', ['ptr'], 'is-err', 'bool', 'True for an error pointer; NULL is not one.'),
  builtin('IS_ERR_OR_NULL', ['ptr'], 'is-err-or-null', 'bool', 'True for NULL or an error pointer.'),
  builtin('IS_ENABLED', ['option'], 'config-enabled', 'bool', 'True when the kernel configuration enables the CONFIG_ option (built in or as a module).'),
];
