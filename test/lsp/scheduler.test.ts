// The analysis scheduler on its own: debounce, cancellation of older runs,
// waiting for the newest version, and forgetting closed documents.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { LineIndex } from '../../server/src/analysis/line-index.js';
import type { CancellationFlag } from '../../server/src/analysis/session.js';
import type { AnalysedDocument, DocumentSnapshot } from '../../server/src/lsp/analysis-engine.js';
import { AnalysisScheduler } from '../../server/src/lsp/analysis-scheduler.js';

function harness(delay = 20) {
  const runs: { doc: DocumentSnapshot; flag: CancellationFlag; release: () => void }[] = [];
  const finished: AnalysedDocument[] = [];
  const errors: string[] = [];
  const scheduler = new AnalysisScheduler({
    run: (doc, flag) => new Promise((resolve) => {
      runs.push({ doc, flag, release: () => resolve({ ...doc, lines: new LineIndex(doc.text) }) });
    }),
    delayMs: () => delay,
    started: () => {},
    finished: (d) => finished.push(d),
    log: { error: (m) => errors.push(m), warn: () => {}, info: () => {} },
  });
  const until = async (cond: () => boolean) => { while (!cond()) await new Promise((r) => setImmediate(r)); };
  return { scheduler, runs, finished, errors, until };
}

const snap = (version: number): DocumentSnapshot => ({ uri: 'file:///a', version, text: `v${version}` });

test('edits within the debounce window run once, for the newest version', async () => {
  const h = harness();
  h.scheduler.schedule(snap(1));
  h.scheduler.schedule(snap(2));
  h.scheduler.schedule(snap(3));
  await h.until(() => h.runs.length === 1);
  assert.equal(h.runs[0].doc.version, 3);
  h.runs[0].release();
  await h.until(() => h.finished.length === 1);
  assert.equal(h.finished[0].version, 3);
  assert.equal(h.finished[0].runId, 1);
});

test('a newer version cancels the running one, whose result is dropped; waiters get the newer one', async () => {
  const h = harness(0);
  h.scheduler.schedule(snap(1));
  await h.until(() => h.runs.length === 1);
  const waiting = h.scheduler.resultFor('file:///a', false);
  h.scheduler.schedule(snap(2));
  assert.equal(h.runs[0].flag.cancelled, true);
  h.runs[0].release();
  await h.until(() => h.runs.length === 2);
  h.runs[1].release();
  assert.equal((await waiting)?.version, 2);
  assert.deepEqual(h.finished.map((d) => d.version), [2]);
  assert.equal((await h.scheduler.resultFor('file:///a', false))?.version, 2, 'idle: the latest answers at once');
});

test('flush cuts the debounce short', async () => {
  const h = harness(60_000);
  h.scheduler.schedule(snap(1));
  const result = h.scheduler.resultFor('file:///a', true);
  await h.until(() => h.runs.length === 1);
  h.runs[0].release();
  assert.equal((await result)?.version, 1);
});

test('forget releases waiters with nothing and cancels the run', async () => {
  const h = harness(0);
  h.scheduler.schedule(snap(1));
  await h.until(() => h.runs.length === 1);
  const waiting = h.scheduler.resultFor('file:///a', false);
  h.scheduler.forget('file:///a');
  assert.equal(await waiting, undefined);
  assert.equal(h.runs[0].flag.cancelled, true);
  h.runs[0].release();
  await new Promise((r) => setImmediate(r));
  assert.deepEqual(h.finished, []);
  assert.equal(await h.scheduler.resultFor('file:///unknown', true), undefined);
});

test('a run that rejects is logged and does not strand waiters', async () => {
  const errors: string[] = [];
  const scheduler = new AnalysisScheduler({
    run: () => Promise.reject(new Error('boom')),
    delayMs: () => 0, started: () => {}, finished: () => {},
    log: { error: (m) => errors.push(m), warn: () => {}, info: () => {} },
  });
  scheduler.schedule(snap(1));
  assert.equal(await scheduler.resultFor('file:///a', false), undefined);
  assert.match(errors[0], /boom/);
});
