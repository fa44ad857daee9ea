// The lowering never throws, whatever the text, and parsing does not leak
// wasm memory: the tree is deleted after every parse.
import { before, test } from 'node:test';
import assert from 'node:assert/strict';
import { lowerCSource, wasmHeapBytes } from '../../server/src/analysis/frontend/parser.js';
import { generateKernelC } from './kernel-c-generator.js';
import { setupFrontend } from './frontend-setup.js';

before(setupFrontend);

test('a 7,000-line kernel-style file lowers without throwing', () => {
  const text = generateKernelC(7000);
  assert.ok(text.split('\n').length >= 7000);
  const started = performance.now();
  const { functions, errorNodes } = lowerCSource(text);
  const ms = performance.now() - started;
  assert.ok(functions.length > 200, `functions: ${functions.length}`);
  assert.equal(errorNodes, 0);
  assert.ok(functions.every((f) => f.body && f.complete));
  console.log(`# 7,000 lines: ${functions.length} functions lowered in ${ms.toFixed(0)} ms`);
});

test('garbage, unbalanced braces and odd input never throw', () => {
  const inputs = [
    '',
    '}}}}{{{{',
    'int f( { return ; } } }',
    'static void f(void)\n{\n\tif (x) {\n\t\tfoo(\n',
    '\u0000\u0001\uFFFD\uD800 binary junk \u00ff',
    '#ifdef X\nint f(void) {\n#else\n',
    '#endif\n}\nint g(void) { return 1; }',
    'list_for_each_entry(a, b, c) { x++; }',
    'void f(void) { for_each_x( }',
    '((((((((((((((((((((' + 'x'.repeat(100),
    'int f(void) { return ' + '('.repeat(3000) + '1' + ')'.repeat(3000) + '; }',
    'int f(void) { ' + '{'.repeat(2000) + '}'.repeat(2000) + ' }',
    Array.from({ length: 2000 }, (_, i) => String.fromCharCode((i * 7919) % 127)).join(''),
    '/*@mmreview-gap: x@*/ } } int g(void) {',
  ];
  for (const input of inputs) {
    const r = lowerCSource(input);
    assert.ok(Array.isArray(r.functions));
    assert.ok(r.errorNodes >= 0);
  }
});

test('1,000 parses do not grow the wasm heap', () => {
  const text = generateKernelC(400, 7);
  for (let i = 0; i < 20; i++) lowerCSource(text);
  const heapBefore = wasmHeapBytes();
  const buffersBefore = process.memoryUsage().arrayBuffers;
  const started = performance.now();
  for (let i = 0; i < 1000; i++) lowerCSource(text);
  const perParse = (performance.now() - started) / 1000;
  const heapAfter = wasmHeapBytes();
  const buffersAfter = process.memoryUsage().arrayBuffers;
  console.log(`# wasm heap ${heapBefore} -> ${heapAfter} bytes over 1,000 parses of ${text.length} chars; arrayBuffers ${buffersBefore} -> ${buffersAfter}; ${perParse.toFixed(2)} ms per parse+lower`);
  assert.ok(heapBefore > 0);
  assert.equal(heapAfter, heapBefore);
});
