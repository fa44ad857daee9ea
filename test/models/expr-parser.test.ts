// The model expression parser: C precedence and associativity, spans, and
// errors that point at the offending offset.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import type { Expr } from '../../simulator/src/ast.js';
import { LOCK_CLASSES, LOCK_CLASS_INFO, ModelSyntaxError, parseLockExpr, parseModelExpr } from '../../simulator/src/models/expr-parser.js';

/** A fully parenthesised rendering, so a test states the tree it expects in one line. */
function show(e: Expr): string {
  switch (e.kind) {
    case 'ident':
      return e.name;
    case 'number':
      return String(e.value);
    case 'unary':
      return `(${e.op}${show(e.arg)})`;
    case 'binary':
      return `(${show(e.left)} ${e.op} ${show(e.right)})`;
    case 'conditional':
      return `(${show(e.test)} ? ${show(e.then)} : ${show(e.otherwise)})`;
    case 'call':
      return `${e.callee}(${e.args.map(show).join(', ')})`;
    case 'indirect-call':
      return `[${show(e.callee)}](${e.args.map(show).join(', ')})`;
    case 'member':
      return `${show(e.object)}${e.arrow ? '->' : '.'}${e.field}`;
    case 'index':
      return `${show(e.object)}[${show(e.index)}]`;
    default:
      return `<${e.kind}>`;
  }
}

const p = (s: string) => show(parseModelExpr(s));

test('binary operators bind with C precedence', () => {
  assert.equal(p('a + b * c'), '(a + (b * c))');
  assert.equal(p('a * b + c'), '((a * b) + c)');
  assert.equal(p('a << 1 + 2'), '(a << (1 + 2))');
  assert.equal(p('a < b == c > d'), '((a < b) == (c > d))');
  assert.equal(p('a & b == c'), '(a & (b == c))');
  assert.equal(p('a | b ^ c & d'), '(a | (b ^ (c & d)))');
  assert.equal(p('a || b && c | d'), '(a || (b && (c | d)))');
  assert.equal(p('x & VM_MAYSHARE && !y'), '((x & VM_MAYSHARE) && (!y))');
});

test('binary operators are left-associative, ?: is right-associative', () => {
  assert.equal(p('a - b - c'), '((a - b) - c)');
  assert.equal(p('a / b % c'), '((a / b) % c)');
  assert.equal(p('a ? b : c ? d : e'), '(a ? b : (c ? d : e))');
  assert.equal(p('a || b ? c + 1 : d'), '((a || b) ? (c + 1) : d)');
});

test('unary operators bind tighter than binary ones and looser than postfix ones', () => {
  assert.equal(p('!a && b'), '((!a) && b)');
  assert.equal(p('-ENOMEM'), '(-ENOMEM)');
  assert.equal(p('~(a - 1)'), '(~(a - 1))');
  assert.equal(p('*ptlp'), '(*ptlp)');
  assert.equal(p('*pmd->x'), '(*pmd->x)');
  assert.equal(p('&mm->page_table_lock'), '(&mm->page_table_lock)');
  assert.equal(p('!!(vma->vm_flags & VM_HUGETLB)'), '(!(!(vma->vm_flags & VM_HUGETLB)))');
  assert.equal(p('- -x'), '(-(-x))');
});

test('calls, members and indexing chain left to right', () => {
  assert.equal(p('page_count(virt_to_page(ptep)) > 1'), '(page_count(virt_to_page(ptep)) > 1)');
  assert.equal(p('i_mmap_rwsem(mapping_of(vma))'), 'i_mmap_rwsem(mapping_of(vma))');
  assert.equal(p('hugetlb_lock()'), 'hugetlb_lock()');
  assert.equal(p('vma->vm_file->f_mapping'), 'vma->vm_file->f_mapping');
  assert.equal(p('data.vma_lock.rw_sema'), 'data.vma_lock.rw_sema');
  assert.equal(p('table[hash]'), 'table[hash]');
  // Parentheses only group, so a parenthesised name is still a direct call.
  assert.equal(p('(f)(x, y)'), 'f(x, y)');
  assert.equal(p('ops->fn(a)(b)'), '[[ops->fn](a)](b)');
  assert.equal(p('min3(a, b ? c : d, e)'), 'min3(a, (b ? c : d), e)');
});

test('numbers: decimal, octal, hex, binary, suffixes', () => {
  const n = (s: string) => {
    const e = parseModelExpr(s);
    assert.equal(e.kind, 'number');
    return e.kind === 'number' ? e.value : NaN;
  };
  assert.equal(n('0'), 0);
  assert.equal(n('42'), 42);
  assert.equal(n('010'), 8);
  assert.equal(n('0x1F'), 31);
  assert.equal(n('0b101'), 5);
  assert.equal(n('1UL'), 1);
  assert.equal(n('1ull'), 1);
  assert.equal(n('7u'), 7);
  const e = parseModelExpr('0x10UL');
  assert.equal(e.kind === 'number' && e.text, '0x10UL');
});

test('spans are offsets into the text', () => {
  const e = parseModelExpr('  a->b + f(x)');
  assert.deepEqual(e.span, { start: 2, end: 13 });
  assert.ok(e.kind === 'binary');
  if (e.kind !== 'binary') return;
  assert.deepEqual(e.left.span, { start: 2, end: 6 });
  assert.ok(e.right.kind === 'call');
  if (e.right.kind === 'call') {
    assert.deepEqual(e.right.calleeSpan, { start: 9, end: 10 });
    assert.deepEqual(e.right.args[0].span, { start: 11, end: 12 });
  }
  const neg = parseModelExpr('-ENOMEM');
  assert.deepEqual(neg.span, { start: 0, end: 7 });
});

function throwsAt(text: string, pos: number, re?: RegExp): void {
  assert.throws(
    () => parseModelExpr(text),
    (err: unknown) => {
      assert.ok(err instanceof ModelSyntaxError, `ModelSyntaxError for ${text}`);
      assert.equal(err.pos, pos, `position for "${text}": ${err.message}`);
      if (re) assert.match(err.message, re);
      return true;
    },
  );
}

test('bad input throws ModelSyntaxError at the offending position', () => {
  throwsAt('', 0, /empty/);
  throwsAt('a +', 3, /end of input/);
  throwsAt('a b', 2, /end of expression/);
  throwsAt('f(a, )', 5, /an expression/);
  throwsAt('(a + b', 6, /'\)'/);
  throwsAt('a ? b', 5, /':'/);
  throwsAt('a = 1', 2, /assignments/);
  throwsAt('a, b', 1, /commas/);
  throwsAt('x++', 1);
  throwsAt('a @ b', 2, /unexpected character '@'/);
  throwsAt('p->3', 3, /field name/);
  throwsAt('12abc', 0, /malformed number/);
  throwsAt('09', 0, /octal/);
  throwsAt('1lul', 0, /malformed number/);
  throwsAt('"str"', 0, /unexpected character/);
});

test('the error message shows the text and a caret under the position', () => {
  try {
    parseModelExpr('a + * ');
    assert.fail('should throw');
  } catch (err) {
    assert.ok(err instanceof ModelSyntaxError);
    // `* ` parses as a unary operator waiting for its operand, so the error is at the end.
    assert.equal(err.pos, 6);
    assert.match(err.message, /\n {2}a \+ \* \n {2} {6}\^$/);
  }
});

test('parseLockExpr accepts the vocabulary and checks arity', () => {
  assert.deepEqual(parseLockExpr('ptl(table(pmd))').cls, 'ptl');
  assert.equal(parseLockExpr('hugetlb_lock()').args.length, 0);
  assert.equal(parseLockExpr('rcu()').cls, 'rcu');
  assert.equal(parseLockExpr('i_mmap_rwsem(mapping_of(vma))').cls, 'i_mmap_rwsem');
  assert.equal(parseLockExpr('spin(*ptlp)').cls, 'spin');
  for (const cls of LOCK_CLASSES) {
    const args = LOCK_CLASS_INFO[cls].arity === 0 ? '' : 'x';
    assert.equal(parseLockExpr(`${cls}(${args})`).cls, cls);
  }
  assert.throws(() => parseLockExpr('ptl()'), /takes 1 argument, got 0/);
  assert.throws(() => parseLockExpr('rcu(x)'), /takes 0 arguments, got 1/);
  assert.throws(() => parseLockExpr('big_lock(x)'), (err: unknown) => err instanceof ModelSyntaxError && err.pos === 0 && /unknown lock constructor/.test(err.message));
  assert.throws(() => parseLockExpr('  mm->page_table_lock'), (err: unknown) => err instanceof ModelSyntaxError && err.pos === 2);
  assert.throws(() => parseLockExpr('ptl(x) + 1'), /lock constructor call/);
});
