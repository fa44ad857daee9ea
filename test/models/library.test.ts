// The kernel API model library: every string of every model parses and names
// only what it may, pairs release what they acquire, builtins exist, every
// function mm-facts §2 introduces has a model, and docs/models.md is current.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import type { Expr } from '../../simulator/src/ast.js';
import { BUILTINS } from '../../simulator/src/models/builtins.js';
import { LOCK_CLASS_INFO, isLockClass, parseLockExpr, parseModelExpr, type LockClass } from '../../simulator/src/models/expr-parser.js';
import { MODELS, MODEL_AREAS, allModels, buildModelMap, getModel } from '../../simulator/src/models/index.js';
import { renderModelDocs } from '../../simulator/src/models/render-docs.js';
import type { ApiModel, Effect, LockUse } from '../../simulator/src/models/schema.js';

const INTRINSICS = new Set(['table', 'lower', 'mm_of', 'mapping_of', 'pud_of', 'pmd_of', 'old']);
/** Whole-string values with a fixed meaning rather than an expression. */
const SPECIAL_VALUES = new Set(['fresh', 'unknown', 'null']);
const C_WORDS = new Set(['NULL', 'true', 'false']);

type Where = 'expr' | 'lock-when' | 'value';
interface ModelString {
  model: ApiModel;
  text: string;
  kind: 'expr' | 'lock';
  where: Where;
  field: string;
}

function effectStrings(e: Effect): Array<[string, string]> {
  const out: Array<[string, string]> = [];
  const add = (field: string, v: string | number | undefined) => {
    if (typeof v === 'string') out.push([field, v]);
  };
  add('when', 'when' in e ? e.when : undefined);
  switch (e.kind) {
    case 'write-entry': add('entry', e.entry); break;
    case 'share': add('table', e.table); break;
    case 'refcount': add('of', e.of); break;
    case 'counter': add('of', e.of); add('delta', e.delta); break;
    case 'tlb-flush': add('vma', e.vma); add('mm', e.mm); add('start', e.start); add('end', e.end); break;
    case 'tlb-gather': add('tlb', e.tlb); add('start', e.start); add('end', e.end); break;
    case 'tlb-flush-gather': add('tlb', e.tlb); break;
    case 'set-field': add('target', e.target); add('value', e.value); break;
    case 'deposit': case 'withdraw': add('table', e.table); break;
    case 'notifier-start': case 'notifier-end': add('range', e.range); break;
    case 'gup-fast-sync': break;
    case 'free': add('of', e.of); break;
  }
  return out;
}

/** Every string of a model, tagged with how it must parse and whether `ret` may appear in it. */
function stringsOf(m: ApiModel): ModelString[] {
  const out: ModelString[] = [];
  const expr = (text: string, field: string, where: Where = 'expr') => out.push({ model: m, text, kind: 'expr', where, field });
  const locks = (uses: LockUse[] | undefined, field: string, retOk: boolean) => {
    for (const u of uses ?? []) {
      out.push({ model: m, text: u.lock, kind: 'lock', where: retOk ? 'lock-when' : 'expr', field });
      if (u.when) expr(u.when, `${field}.when`, retOk ? 'lock-when' : 'expr');
      locks(u.alternatives, `${field}.alternatives`, retOk);
    }
  };
  if (m.sleepsWhen) expr(m.sleepsWhen, 'sleepsWhen');
  locks(m.requires, 'requires', false);
  locks(m.asserts, 'asserts', false);
  locks(m.takes, 'takes', false);
  locks(m.reacquires, 'reacquires', false);
  locks(m.acquires, 'acquires', true);
  locks(m.releases, 'releases', true);
  for (const e of m.effects ?? []) for (const [f, t] of effectStrings(e)) expr(t, `effects.${e.kind}.${f}`);
  for (const [i, c] of (m.cases ?? []).entries()) {
    if (c.when) expr(c.when, `cases[${i}].when`);
    expr(c.value, `cases[${i}].value`, 'value');
    locks(c.acquires, `cases[${i}].acquires`, true);
    locks(c.releases, `cases[${i}].releases`, true);
    for (const e of c.effects ?? []) for (const [f, t] of effectStrings(e)) expr(t, `cases[${i}].effects.${e.kind}.${f}`);
  }
  return out;
}

const ALL_STRINGS = allModels().flatMap(stringsOf);

function walk(e: Expr, visit: (e: Expr) => void): void {
  visit(e);
  switch (e.kind) {
    case 'unary': walk(e.arg, visit); break;
    case 'binary': walk(e.left, visit); walk(e.right, visit); break;
    case 'conditional': walk(e.test, visit); walk(e.then, visit); walk(e.otherwise, visit); break;
    case 'call': e.args.forEach((a) => walk(a, visit)); break;
    case 'indirect-call': walk(e.callee, visit); e.args.forEach((a) => walk(a, visit)); break;
    case 'member': walk(e.object, visit); break;
    case 'index': walk(e.object, visit); walk(e.index, visit); break;
    default: break;
  }
}

test('the library has the expected shape', () => {
  const models = allModels();
  console.log(`${models.length} models in ${MODEL_AREAS.length} areas`);
  assert.ok(models.length >= 200, `expected a full library, found ${models.length}`);
  assert.equal(MODELS.size, models.length);
  assert.equal(getModel('huge_pmd_unshare')?.name, 'huge_pmd_unshare');
  assert.equal(getModel('no_such_function'), undefined);
  for (const m of models) {
    assert.match(m.name, /^[A-Za-z_][A-Za-z0-9_]*$/, m.name);
    assert.ok(m.doc.length >= 10 && /[.!?)]$/.test(m.doc.trim()), `${m.name}: doc is a sentence`);
    assert.ok(m.ref.length > 0, `${m.name}: ref`);
    assert.equal(new Set(m.params).size, m.params.length, `${m.name}: distinct params`);
    if (m.objectLike) assert.equal(m.params.length, 0, `${m.name}: an object-like macro has no params`);
    if (m.assertion) assert.equal(m.params[0], 'cond', `${m.name}: an assertion's first param is cond`);
    if (m.sleepsWhen) assert.ok(m.sleeps, `${m.name}: sleepsWhen needs sleeps`);
  }
});

test('every condition, value and object string parses as a model expression', () => {
  const bad: string[] = [];
  for (const s of ALL_STRINGS) {
    if (s.kind !== 'expr') continue;
    if (s.where === 'value' && SPECIAL_VALUES.has(s.text)) continue;
    if (s.field.endsWith('set-field.value') && SPECIAL_VALUES.has(s.text)) continue;
    try {
      parseModelExpr(s.text);
    } catch (err) {
      bad.push(`${s.model.name} ${s.field}: ${(err as Error).message.split('\n')[0]}`);
    }
  }
  assert.deepEqual(bad, []);
  console.log(`${ALL_STRINGS.length} model strings checked`);
});

test('every lock string is a valid lock expression', () => {
  const bad: string[] = [];
  for (const s of ALL_STRINGS) {
    if (s.kind !== 'lock') continue;
    try {
      parseLockExpr(s.text);
    } catch (err) {
      bad.push(`${s.model.name} ${s.field}: ${(err as Error).message.split('\n')[0]}`);
    }
  }
  assert.deepEqual(bad, []);
});

test('model strings only name parameters, ret where allowed, constants, intrinsics and modelled functions', () => {
  const bad: string[] = [];
  for (const s of ALL_STRINGS) {
    if (SPECIAL_VALUES.has(s.text)) continue;
    const lists = [s.model.params, ...(s.model.altParams ?? [])];
    const e = s.kind === 'lock' ? parseModelExpr(s.text) : parseModelExpr(s.text);
    const callees = new Set<Expr>();
    walk(e, (n) => {
      if (n.kind === 'call') {
        if (!INTRINSICS.has(n.callee) && !isLockClass(n.callee) && !MODELS.has(n.callee)) bad.push(`${s.model.name} ${s.field}: calls unmodelled ${n.callee}()`);
        callees.add(n);
      }
      if (n.kind !== 'ident') return;
      const name = n.name;
      if (C_WORDS.has(name) || /^[A-Z_][A-Z0-9_]*$/.test(name)) return;
      if (name === 'ret') {
        if (s.where !== 'lock-when') bad.push(`${s.model.name} ${s.field}: ret is only known after the call, in lock conditions`);
        return;
      }
      for (const params of lists) if (!params.includes(name)) bad.push(`${s.model.name} ${s.field}: '${name}' is not a parameter of (${params.join(', ')})`);
    });
  }
  assert.deepEqual(bad, []);
});

const POINTER_CLASSES: readonly LockClass[] = ['spin', 'mutex', 'rwsem', 'seq', 'rwlock', 'lock'];

/** Whether releasing `rel` can undo acquiring `acq`: the same lock class, or a by-pointer lock of the same kind. */
function releaseMatches(acq: LockUse, rel: LockUse): boolean {
  const a = parseLockExpr(acq.lock).cls;
  const r = parseLockExpr(rel.lock).cls;
  if ((acq.mode ?? 'write') !== (rel.mode ?? 'write')) return false;
  if (a === r) return true;
  const byPointer = POINTER_CLASSES.includes(a) || POINTER_CLASSES.includes(r);
  return byPointer && (LOCK_CLASS_INFO[a].kind === LOCK_CLASS_INFO[r].kind || r === 'lock');
}

test('every pairsWith names a model that releases what the first acquires', () => {
  const bad: string[] = [];
  let pairs = 0;
  for (const m of allModels()) {
    if (!m.pairsWith) continue;
    pairs++;
    const twin = MODELS.get(m.pairsWith);
    if (!twin) {
      bad.push(`${m.name}: pairsWith ${m.pairsWith} has no model`);
      continue;
    }
    const acquired = [...(m.acquires ?? []), ...(m.cases ?? []).flatMap((c) => c.acquires ?? [])];
    const released = [...(twin.releases ?? []), ...(twin.cases ?? []).flatMap((c) => c.releases ?? [])];
    if (acquired.length === 0) bad.push(`${m.name}: pairsWith set but it acquires nothing`);
    for (const a of acquired) {
      if (!released.some((r) => releaseMatches(a, r))) bad.push(`${m.name}: ${m.pairsWith} does not release ${a.lock} (${a.mode ?? 'write'})`);
    }
  }
  assert.deepEqual(bad, []);
  assert.ok(pairs >= 30, `expected many acquire/release pairs, found ${pairs}`);
});

test('the pair check itself rejects a mismatched pair', () => {
  assert.equal(releaseMatches({ lock: 'ptl(table(pmd))' }, { lock: 'spin(ptl)' }), true);
  assert.equal(releaseMatches({ lock: 'i_mmap_rwsem(m)', mode: 'write' }, { lock: 'i_mmap_rwsem(m)', mode: 'read' }), false);
  assert.equal(releaseMatches({ lock: 'mutex(l)' }, { lock: 'spin(l)' }), false);
  assert.equal(releaseMatches({ lock: 'rcu()', mode: 'read' }, { lock: 'hugetlb_vma_lock(v)', mode: 'read' }), false);
});

test('every builtin is in the catalogue and gets its arguments', () => {
  const bad: string[] = [];
  for (const m of allModels()) {
    if (!m.builtin) continue;
    const spec = BUILTINS[m.builtin];
    if (!spec) {
      bad.push(`${m.name}: unknown builtin ${m.builtin}`);
      continue;
    }
    const required = spec.args.filter((a) => !a.endsWith('?')).length;
    if (m.params.length < required) bad.push(`${m.name}: builtin ${m.builtin} needs ${required} arguments, the model has ${m.params.length}`);
    if (m.cases?.length) bad.push(`${m.name}: a builtin model has no cases`);
  }
  assert.deepEqual(bad, []);
  const used = new Set(allModels().map((m) => m.builtin).filter(Boolean));
  assert.deepEqual(Object.keys(BUILTINS).filter((b) => !used.has(b)), [], 'every catalogued builtin is used by some model');
});

test('buildModelMap throws on a duplicate name', () => {
  const a: ApiModel = { name: 'foo', params: [], doc: 'A test model.', ref: 'test', returns: 'void' };
  const b: ApiModel = { ...a, doc: 'Another one.' };
  assert.throws(() => buildModelMap([[a], [b]]), /duplicate kernel API model: foo/);
  assert.throws(() => buildModelMap([[a, a]]), /duplicate/);
  assert.equal(buildModelMap([[a], []]).get('foo'), a);
});

/**
 * Function names mm-facts §2 introduces in the bold names at the head of each
 * numbered item. "a / _end" means a_end with a's last word replaced, and
 * "X(_ONCE)" means both X and X_ONCE.
 */
export function namesInFacts(text: string): { items: number; names: string[] } {
  const start = text.search(/^## 2\./m);
  const end = text.search(/^## 3\./m);
  const section = start < 0 ? '' : text.slice(start, end > start ? end : undefined);
  const names: string[] = [];
  let items = 0;
  for (const line of section.split('\n')) {
    if (!/^\d+\. /.test(line)) continue;
    items++;
    let previous = '';
    for (const bold of line.matchAll(/\*\*(.+?)\*\*/g)) {
      let seg = bold[1].replace(/([A-Za-z_]\w*)\((_\w+)\)/g, '$1 / $1$2');
      while (/\([^()]*\)/.test(seg)) seg = seg.replace(/\([^()]*\)/g, '');
      for (const raw of seg.split(/[/+,]/)) {
        let name = raw.trim();
        if (!name) continue;
        if (/^_[A-Za-z0-9]/.test(name) && !name.startsWith('__') && previous) name = previous.replace(/_[^_]+$/, '') + name;
        if (!/^[A-Za-z_][A-Za-z0-9_]*$/.test(name)) continue;
        if (name.length > 1 && name.startsWith('_') && !name.startsWith('__')) continue;
        previous = name;
        names.push(name);
      }
    }
  }
  return { items, names: [...new Set(names)] };
}

/** Names mm-facts lists that are deliberately not modelled, with the reason. */
const NOT_MODELLED: Record<string, string> = {
  pmd_sharing_possible: 'defined by the HGM patches under review, so the interpreter runs their body',
};

test('the mm-facts name extraction understands the list forms', () => {
  const sample = [
    '## 2. Functions',
    '1. **p4d_offset(pgd, addr)**, **pud_offset(p4d, addr)**: x',
    '2. **vma_pgtable_walk_begin / _end** (about 6.10+): y',
    '3. **VM_BUG_ON(c) / VM_BUG_ON_VMA(c, vma) / VM_BUG_ON_PAGE / _FOLIO / _MM**',
    '4. **VM_WARN_ON(_ONCE)**: z **mmu_notifier_range_init + mmu_notifier_invalidate_range_start(range)** / **_end(range)**',
    '5. **madvise_collapse(vma, [prev,] start, end[, &lock_dropped])**: w',
    '## 3. Rules',
    '6. **not_a_function**',
  ].join('\n');
  const { items, names } = namesInFacts(sample);
  assert.equal(items, 5);
  assert.deepEqual(names, [
    'p4d_offset', 'pud_offset', 'vma_pgtable_walk_begin', 'vma_pgtable_walk_end',
    'VM_BUG_ON', 'VM_BUG_ON_VMA', 'VM_BUG_ON_PAGE', 'VM_BUG_ON_FOLIO', 'VM_BUG_ON_MM',
    'VM_WARN_ON', 'VM_WARN_ON_ONCE', 'mmu_notifier_range_init', 'mmu_notifier_invalidate_range_start', 'mmu_notifier_invalidate_range_end',
    'madvise_collapse',
  ]);
});

test('every function mm-facts section 2 introduces has a model', (t) => {
  const facts = path.resolve(process.cwd(), '..', 'shared', 'reference', 'mm-facts.md');
  if (!existsSync(facts)) {
    t.skip(`${facts} is not there; the coverage check needs the shared reference`);
    return;
  }
  const { items, names } = namesInFacts(readFileSync(facts, 'utf8'));
  console.log(`mm-facts §2: ${items} numbered items introduce ${names.length} names:`);
  console.log(`${names.join(', ')}`);
  assert.ok(items >= 97, `expected the 97 numbered items of section 2, found ${items}`);
  const missing = names.filter((n) => !MODELS.has(n) && !(n in NOT_MODELLED));
  assert.deepEqual(missing, [], 'functions without a model');
  for (const [name, why] of Object.entries(NOT_MODELLED)) {
    assert.ok(names.includes(name), `${name} is still listed in mm-facts`);
    assert.ok(!MODELS.has(name), `${name} is not modelled: ${why}`);
  }
});

test('docs/models.md is generated from the library', () => {
  const file = path.resolve(process.cwd(), 'docs', 'models.md');
  const expected = renderModelDocs(MODEL_AREAS);
  if (process.env.UPDATE_GOLDEN) writeFileSync(file, expected);
  const actual = existsSync(file) ? readFileSync(file, 'utf8') : '';
  assert.ok(actual === expected, 'docs/models.md is stale: run `node --import tsx scripts/gen-model-docs.ts` or UPDATE_GOLDEN=1');
});

test('renderModelDocs renders a small library', () => {
  const m: ApiModel = {
    name: 'demo_lock',
    params: ['mm'],
    doc: 'Takes a demo lock.',
    ref: 'test',
    sleeps: true,
    acquires: [{ lock: 'mmap_lock(mm)', mode: 'read' }],
    returns: 'int',
    cases: [{ value: '0', means: 'held' }, { value: '-EINTR', when: 'signal_pending(current)' }],
  };
  const text = renderModelDocs([m]);
  assert.match(text, /^# Kernel API models\n/);
  assert.match(text, /### `demo_lock\(mm\)`\n\nTakes a demo lock\.\n\n- returns int; source: test\n- may sleep\n- acquires `mmap_lock\(mm\)` \(read\)\n- cases:\n {2}- `0`: held\n {2}- `-EINTR` when `signal_pending\(current\)`\n$/);
});

/** A small printer for location keys: the same text for the same lvalue. */
function key(e: Expr): string {
  switch (e.kind) {
    case 'ident': return e.name;
    case 'number': return e.text;
    case 'unary': return `${e.op}${key(e.arg)}`;
    case 'member': return `${key(e.object)}${e.arrow ? '->' : '.'}${e.field}`;
    case 'index': return `${key(e.object)}[${key(e.index)}]`;
    case 'call': return `${e.callee}(${e.args.map(key).join(',')})`;
    case 'binary': return `(${key(e.left)}${e.op}${key(e.right)})`;
    default: return `<${e.kind}>`;
  }
}

function substitute(e: Expr, bind: Map<string, Expr>): Expr {
  switch (e.kind) {
    case 'ident': return bind.get(e.name) ?? e;
    case 'unary': return { ...e, arg: substitute(e.arg, bind) };
    case 'binary': return { ...e, left: substitute(e.left, bind), right: substitute(e.right, bind) };
    case 'conditional': return { ...e, test: substitute(e.test, bind), then: substitute(e.then, bind), otherwise: substitute(e.otherwise, bind) };
    case 'call': return { ...e, args: e.args.map((a) => substitute(a, bind)) };
    case 'member': return { ...e, object: substitute(e.object, bind) };
    case 'index': return { ...e, object: substitute(e.object, bind), index: substitute(e.index, bind) };
    default: return e;
  }
}

const REFCOUNT_BUILTINS = new Set(['page-count', 'pt-share-count']);

/** The state an expression reads: dereferences, fields, refcounts; through the pure models it calls. */
export function readsOf(e: Expr, depth = 0): Set<string> {
  const out = new Set<string>();
  walk(e, (n) => {
    if ((n.kind === 'unary' && n.op === '*') || n.kind === 'member') out.add(key(n));
    if (n.kind !== 'call' || depth > 6) return;
    const m = MODELS.get(n.callee);
    if (!m) return;
    if (m.builtin && REFCOUNT_BUILTINS.has(m.builtin)) out.add('refcount');
    const only = m.cases?.length === 1 && !m.builtin ? m.cases[0] : undefined;
    if (!only || SPECIAL_VALUES.has(only.value)) return;
    const bind = new Map(m.params.map((p, i) => [p, n.args[i]] as [string, Expr]).filter(([, a]) => a));
    for (const r of readsOf(substitute(parseModelExpr(only.value), bind), depth + 1)) out.add(r);
  });
  return out;
}

function writesOf(e: Effect): string[] {
  switch (e.kind) {
    case 'write-entry': return [key(parseModelExpr(`*${e.entry}`))];
    case 'set-field': return [key(parseModelExpr(e.target))];
    case 'share': case 'refcount': return ['refcount'];
    case 'counter': return [key(parseModelExpr(`${e.of}->${e.counter}`))];
    default: return [];
  }
}

/** Conditions of a model that read what an earlier effect of the same call wrote. */
function conditionConflicts(m: ApiModel): string[] {
  const bad: string[] = [];
  const paths = m.cases?.length ? m.cases : [{ value: 'unknown' }];
  for (const c of paths) {
    const written = new Set<string>();
    const check = (when: string | undefined, what: string) => {
      if (!when) return;
      for (const r of readsOf(parseModelExpr(when))) if (written.has(r)) bad.push(`${m.name}: ${what} reads ${r}, which an earlier effect changed`);
    };
    for (const e of [...(m.effects ?? []), ...('effects' in c ? c.effects ?? [] : [])]) {
      check('when' in e ? e.when : undefined, `the ${e.kind} effect's condition`);
      for (const w of writesOf(e)) written.add(w);
    }
    const locks = [...(m.acquires ?? []), ...(m.releases ?? []), ...('acquires' in c ? c.acquires ?? [] : []), ...('releases' in c ? c.releases ?? [] : [])];
    for (const u of locks) check(u.when, `the condition on ${u.lock}`);
  }
  return bad;
}

test('no effect or lock condition depends on an earlier effect of the same call', () => {
  assert.deepEqual(allModels().flatMap(conditionConflicts), []);
  const broken: ApiModel = {
    name: 'broken_install',
    params: ['mm', 'pmd'],
    doc: 'Installs a table, then tests the entry it just wrote.',
    ref: 'test',
    effects: [
      { kind: 'write-entry', entry: 'pmd', level: 'pmd', value: 'table', when: 'pmd_none(*pmd)' },
      { kind: 'counter', counter: 'nr_ptes', of: 'mm', delta: 1, when: 'pmd_none(*pmd)' },
    ],
    returns: 'void',
  };
  assert.deepEqual(conditionConflicts(broken), ["broken_install: the counter effect's condition reads *pmd, which an earlier effect changed"]);
});

test('the dependency check sees through pure models', () => {
  const reads = readsOf(parseModelExpr('huge_pmd_unshare_flush(tlb, vma) || hugetlb_pmd_shared(pmd_of(mm, addr)) && __vma_shareable_lock(v) && pmd_none(*pmd)'));
  assert.ok(reads.has('refcount'), 'hugetlb_pmd_shared reads a refcount');
  assert.ok(reads.has('v->vm_private_data') && reads.has('v->vm_flags'), 'parameters are substituted');
  assert.ok(reads.has('*pmd'));
});
