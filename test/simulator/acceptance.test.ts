// The simulator-level acceptance of issue 4, on tiny C functions of our own:
// path correlation (`if (flag) lock ... if (flag) unlock`), goto error
// ladders, BUG_ON reachability (guarded, unguarded, min3) and helper pairs.
// Each fixture is lowered by the real frontend and run with runFunction in
// the empty context with no scenario, the way a function with no known
// caller first runs. The last test measures (and prints) how long simulating
// every changed function of each seed takes in-process.
import { before, test } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { performance } from 'node:perf_hooks';
import { extractFunctions, initFrontend, lowerCSource } from '../../server/src/analysis/frontend/index.js';
import { ingest } from '../../server/src/analysis/ingest/index.js';
import { buildProgram } from '../../server/src/analysis/simulate/program.js';
import { runAll } from '../../server/src/analysis/simulate/run-all.js';
import { loadTreeSitterWasm } from '../../server/src/host/tree-sitter-wasm.js';
import { EMPTY_CONTEXT } from '../../simulator/src/contexts.js';
import type { Program, ProgramFunction } from '../../simulator/src/interp/context.js';
import { NO_SCENARIO } from '../../simulator/src/scenarios/index.js';
import { runFunction, type RunResult } from '../../simulator/src/simulate.js';
import { printTerm } from '../../simulator/src/solver/print.js';
import type { Trace, TraceEvent } from '../../simulator/src/trace.js';

before(() => initFrontend(loadTreeSitterWasm()));

/** Lowers a C snippet into a Program: every function it defines, by name and by id. */
function programOf(source: string): Program {
  const { functions } = lowerCSource(source);
  const byId = new Map<string, ProgramFunction>();
  for (const ast of functions) byId.set(ast.name, { id: ast.name, ast, text: source, complete: true });
  return { byId, functions: new Map(byId) };
}

function simulate(source: string, name: string): RunResult {
  const program = programOf(source);
  const fn = program.functions.get(name);
  assert.ok(fn, `${name} was lowered`);
  return runFunction(program, fn, NO_SCENARIO, EMPTY_CONTEXT);
}

const returned = (r: RunResult) => r.traces.filter((t) => t.end === 'return' || t.end === 'fallthrough');
const bugEvents = (r: RunResult) => r.traces.flatMap((t) => t.events.filter((e): e is TraceEvent & { kind: 'bug' } => e.kind === 'bug'));
const conditionTexts = (t: Trace) => t.conditions.map((c) => [c.text, c.why ?? ''].join(' '));

test('if (flag) spin_lock ... if (flag) spin_unlock: no path returns with the lock held', () => {
  const r = simulate(`
int count_items(struct item_list *list, bool flag)
{
	int n = 0;

	if (flag)
		spin_lock(&list->lock);
	n = list->nr + list->extra;
	if (flag)
		spin_unlock(&list->lock);
	return n;
}
`, 'count_items');
  const paths = returned(r);
  assert.equal(paths.length, 2, 'the second test of flag is decided by the first: two paths, not four');
  for (const t of paths) assert.deepEqual(t.heldAtExit.map((h) => h.lock.label), [], `no lock held at exit on the path where ${conditionTexts(t).join(' && ')}`);
  assert.ok(paths.some((t) => t.events.some((e) => e.kind === 'lock')), 'the flag path takes the lock');
  assert.ok(r.traces.every((t) => t.events.every((e) => e.kind !== 'unlock' || e.wasHeld)), 'no unlock of a lock that is not held');
});

test('a goto error ladder that skips the unlock holds the lock at return on the failing call\'s path', () => {
  const r = simulate(`
int setup_thing(struct owner *o, unsigned long nr)
{
	struct thing *t;
	int err = -EINVAL;

	if (!nr)
		goto out;
	mutex_lock(&o->mutex);
	t = alloc_thing(o, nr);
	if (!t) {
		err = -ENOMEM;
		goto out;
	}
	err = register_thing(o, t);
	if (err)
		goto out_free;
	mutex_unlock(&o->mutex);
	return 0;
out_free:
	free_thing(t);
	mutex_unlock(&o->mutex);
out:
	return err;
}
`, 'setup_thing');
  const holding = returned(r).filter((t) => t.heldAtExit.length > 0);
  assert.equal(holding.length, 1, 'exactly one path returns with the mutex held');
  const [t] = holding;
  assert.match(t.heldAtExit[0].lock.label, /o->mutex/);
  assert.ok(conditionTexts(t).some((c) => c.includes('alloc_thing(o, nr)')), `its conditions name the failing call: ${conditionTexts(t).join(' && ')}`);
  assert.equal(printTerm(t.returnValue!), '-12');
  const balanced = returned(r).filter((x) => x !== t);
  assert.ok(balanced.length >= 3 && balanced.every((x) => x.heldAtExit.length === 0), 'every other path releases it (or never took it)');
});

test('a BUG_ON after if (!p) return -EINVAL; cannot fire on p; without the guard it can', () => {
  const guarded = simulate(`
int attach_lock(struct vm_area_struct *vma)
{
	struct hugetlb_vma_lock *vma_lock = vma->vm_private_data;

	if (!vma_lock)
		return -EINVAL;
	prepare_attach(vma);
	BUG_ON(!vma_lock);
	vma_lock->vma = vma;
	return 0;
}
`, 'attach_lock');
  const events = bugEvents(guarded);
  assert.ok(events.length > 0, 'the BUG_ON is reached');
  assert.ok(events.every((e) => !e.fires), 'and cannot fire on any path');
  assert.ok(guarded.traces.every((t) => t.end !== 'bug'));

  const unguarded = simulate(`
int attach_lock(struct vm_area_struct *vma)
{
	struct hugetlb_vma_lock *vma_lock = vma->vm_private_data;

	prepare_attach(vma);
	BUG_ON(!vma_lock);
	vma_lock->vma = vma;
	return 0;
}
`, 'attach_lock');
  assert.ok(bugEvents(unguarded).some((e) => e.fires), 'without the guard a path fires it');
  assert.ok(unguarded.traces.some((t) => t.end === 'bug'));
});

test('an eligibility check makes a 0 return of hugetlb_vma_lock_alloc mean vm_private_data is set', () => {
  const body = (check: string) => `
int share_prepare(struct vm_area_struct *vma)
{
	struct hugetlb_vma_lock *vma_lock;
	int ret;
${check}
	ret = hugetlb_vma_lock_alloc(vma);
	if (ret)
		return ret;
	vma_lock = vma->vm_private_data;
	BUG_ON(!vma_lock);
	return 0;
}
`;
  const checked = simulate(body('\n\tif (!(vma->vm_flags & VM_MAYSHARE))\n\t\treturn -EINVAL;\n'), 'share_prepare');
  assert.ok(bugEvents(checked).length > 0 && bugEvents(checked).every((e) => !e.fires), 'with the check no path reaches it with vma_lock NULL');
  const unchecked = simulate(body(''), 'share_prepare');
  const firing = unchecked.traces.find((t) => t.end === 'bug');
  assert.ok(firing, 'without the check a feasible path reaches it');
  const cond = conditionTexts(firing).join(' && ');
  assert.match(cond, /VM_MAYSHARE/, `and its condition says the VMA is private: ${cond}`);
  assert.match(cond, /hugetlb_vma_lock_alloc\(vma\) returned 0/);
});

test('min3(a, b, c) can be 0 when b can, and not when none can', () => {
  const source = (guard: string) => `
void drop_refs(struct folio *folio, unsigned long a, unsigned long b, unsigned long c)
{
	unsigned long refs;

	if (!a || !c${guard})
		return;
	refs = min3(a, b, c);
	BUG_ON(refs == 0);
	folio_ref_sub(folio, refs);
}
`;
  const open = simulate(source(''), 'drop_refs');
  assert.ok(bugEvents(open).some((e) => e.fires), 'b can be 0, so the minimum can');
  const firing = open.traces.find((t) => t.end === 'bug')!;
  assert.ok(conditionTexts(firing).some((c) => /\bb\b/.test(c)), `the firing path is the one where b is the minimum: ${conditionTexts(firing).join(' && ')}`);
  const closed = simulate(source(' || !b'), 'drop_refs');
  assert.ok(bugEvents(closed).length > 0 && bugEvents(closed).every((e) => !e.fires), 'with b >= 1 too, the minimum cannot be 0');
});

test('if (x) ... if (x) is correlated through assignments and stored tests', () => {
  const r = simulate(`
int pick(struct vm_area_struct *vma, int x)
{
	bool shared = vma->vm_flags & VM_MAYSHARE;
	int y;

	if (x)
		y = 1;
	else
		y = 2;
	if (shared)
		down_read(&vma->vm_mm->mmap_lock);
	if (x)
		BUG_ON(y != 1);
	if (!x)
		BUG_ON(y != 2);
	if (vma->vm_flags & VM_MAYSHARE)
		up_read(&vma->vm_mm->mmap_lock);
	return y;
}
`, 'pick');
  assert.equal(returned(r).length, 4, 'x and shared are each decided once: four paths');
  assert.ok(bugEvents(r).length > 0 && bugEvents(r).every((e) => !e.fires), 'y is known on each side of x');
  for (const t of returned(r)) assert.deepEqual(t.heldAtExit, [], 'the stored flag test and the re-read one agree');
});

test('a begin/end helper pair around a walk is balanced; begin alone takes the VMA lock only for hugetlb VMAs', () => {
  const source = `
void walk_begin(struct vm_area_struct *vma)
{
	if (is_vm_hugetlb_page(vma))
		hugetlb_vma_lock_read(vma);
}

void walk_end(struct vm_area_struct *vma)
{
	if (is_vm_hugetlb_page(vma))
		hugetlb_vma_unlock_read(vma);
}

int walk_range(struct vm_area_struct *vma, unsigned long start, unsigned long end)
{
	int ret;

	walk_begin(vma);
	ret = walk_entries(vma, start, end);
	walk_end(vma);
	return ret;
}
`;
  const program = programOf(source);
  const pair = runFunction(program, program.functions.get('walk_range')!, NO_SCENARIO, EMPTY_CONTEXT);
  assert.ok(returned(pair).some((t) => t.events.some((e) => e.kind === 'lock' && e.lock.cls === 'hugetlb_vma_lock')), 'the hugetlb path takes the VMA lock');
  for (const t of returned(pair)) assert.deepEqual(t.heldAtExit, [], 'and every path releases it');
  assert.ok(pair.traces.every((t) => t.events.every((e) => e.kind !== 'unlock' || e.wasHeld)));

  const begin = runFunction(program, program.functions.get('walk_begin')!, NO_SCENARIO, EMPTY_CONTEXT);
  const held = returned(begin).filter((t) => t.heldAtExit.length > 0);
  assert.equal(held.length, 1);
  assert.equal(held[0].heldAtExit[0].lock.cls, 'hugetlb_vma_lock');
  assert.equal(held[0].heldAtExit[0].mode, 'read');
  assert.ok(held[0].conditions.some((c) => c.text.includes('is_vm_hugetlb_page(vma)')));
  assert.ok(returned(begin).some((t) => t.heldAtExit.length === 0 && t.conditions.some((c) => c.text.includes('!'))), 'nothing on other VMAs');
});

test('simulating every changed function of each seed (in-process time, printed)', (t) => {
  const seeds = path.resolve(process.cwd(), '..', 'shared', 'seeds');
  if (!existsSync(seeds)) {
    t.skip(`${seeds} is absent`);
    return;
  }
  for (const name of readdirSync(seeds).sort()) {
    const text = readFileSync(path.join(seeds, name), 'utf8');
    const { functions } = extractFunctions(ingest(text), text);
    const program = buildProgram(functions);
    runAll(program); // warm-up: first-use costs (model parsing, JIT) are not the figure
    const rounds = 5;
    const times: number[] = [];
    let runs = 0;
    let paths = 0;
    for (let i = 0; i < rounds; i++) {
      const start = performance.now();
      const result = runAll(program);
      times.push(performance.now() - start);
      runs = result.runs.length;
      paths = result.runs.reduce((n, r) => n + r.paths, 0);
    }
    times.sort((a, b) => a - b);
    const line = `${name}: ${program.byId.size} function(s), ${runs} run(s), ${paths} path(s): median ${times[Math.floor(rounds / 2)].toFixed(2)} ms, max ${times[rounds - 1].toFixed(2)} ms`;
    t.diagnostic(line);
    console.log(`simulate seeds: ${line}`);
  }
});
