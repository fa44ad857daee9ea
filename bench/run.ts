/**
 * `npm run bench`: generates the inputs, measures the analysis warm (in
 * process, per stage, against the raw tree-sitter parse), cold (the CLI
 * process), through the language server, its memory, the simulator's work,
 * optionally checkpatch.pl, profiles the cold CLI, and writes
 * bench/results.json and bench/results.md.
 *
 * Repetitions are capped by time budgets so the whole run stays well under
 * ten minutes on a 2-core machine that is also doing other work.
 * BENCH_QUICK=1 shrinks every budget (for trying the harness, not for figures).
 */
import { execSync, spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { prepareAnalysis } from '../server/src/analysis/analyze.js';
import { createFsKernelTree } from '../server/src/host/fs-kernel-tree.js';
import { loadTreeSitterWasm } from '../server/src/host/tree-sitter-wasm.js';
import { runPipeline } from '../server/src/analysis/pipeline.js';
import { measureCheckpatch } from './checkpatch.js';
import { measureCold, type ColdResult } from './cold.js';
import { lineCount, reply, series, singlePatchByChanged, singlePatchByLines, treeFile, TREE_FILE, type BenchInput } from './gen/inputs.js';
import { Rng } from './gen/rng.js';
import { RawParser, changedFunctionTexts } from './lib/raw-parse.js';
import { BenchLspClient, editLoop, type EditRun } from './lsp.js';
import { profileCli } from './profile.js';
import { writeReports, type BenchResults, type LspDocResult } from './report.js';
import { measureWarm, wasmHeapOver, type RepeatPolicy, type WarmResult } from './warm.js';

const root = path.dirname(path.dirname(new URL(import.meta.url).pathname));
const quick = process.env.BENCH_QUICK === '1';
const started = performance.now();

function log(s: string): void {
  const t = ((performance.now() - started) / 1000).toFixed(0).padStart(4);
  process.stdout.write(`[${t}s] ${s}\n`);
}

function gitCommit(): string {
  // A run from a copy of the checkout (a before/after comparison) names the commit it was copied from.
  if (process.env.BENCH_COMMIT) return process.env.BENCH_COMMIT;
  try {
    const head = execSync('git rev-parse --short HEAD', { cwd: root, encoding: 'utf8' }).trim();
    const dirty = execSync('git status --porcelain --untracked-files=no', { cwd: root, encoding: 'utf8' }).trim() ? ' (with uncommitted changes)' : '';
    return head + dirty;
  } catch {
    return 'unknown';
  }
}

async function main(): Promise<void> {
  const loadStart = os.loadavg();
  // The cold and LSP figures are of the bundles: build them from the current sources first.
  log('building dist/ (node scripts/build.mjs)');
  const built = spawnSync(process.execPath, [path.join(root, 'scripts/build.mjs')], { cwd: root, stdio: 'inherit' });
  if (built.status !== 0) throw new Error('build failed');

  log('generating inputs');
  const work = mkdtempSync(path.join(os.tmpdir(), 'mmreview-bench-'));
  const treeDir = path.join(work, 'tree');
  mkdirSync(path.join(treeDir, 'mm'), { recursive: true });
  const preImage = treeFile();
  writeFileSync(path.join(treeDir, TREE_FILE), preImage);
  const s10 = series(10);
  const s40 = series(40);
  const s100 = series(100);
  const inputs: BenchInput[] = [
    singlePatchByChanged(50), singlePatchByChanged(500), singlePatchByChanged(5000),
    s10.mbox, s40.mbox, s100.mbox, reply(s40),
  ];
  const lsp1000 = singlePatchByLines(1000);
  const files = new Map<string, string>();
  for (const input of [...inputs, lsp1000]) {
    const f = path.join(work, `${input.id}.${input.id.startsWith('series') ? 'mbox' : input.id.startsWith('reply') ? 'eml' : 'patch'}`);
    writeFileSync(f, input.text);
    files.set(input.id, f);
  }

  // ---- warm, in process ----
  log('warm: loading tree-sitter');
  const wasm = loadTreeSitterWasm();
  await prepareAnalysis(wasm);
  const raw = await RawParser.create(wasm.language);
  const tree = createFsKernelTree(treeDir);
  const policy: RepeatPolicy = quick
    ? { minReps: 2, maxReps: 3, budgetMs: 1000, slowMs: 1000 }
    : { minReps: 3, maxReps: 30, budgetMs: 6_000, slowMs: 4_000 };
  const warm: WarmResult[] = [];
  const cases = [
    ...inputs.map((i) => ({ input: i, tree: false })),
    { input: inputs[1], tree: true },
    { input: s40.mbox, tree: true },
  ];
  for (const { input, tree: withTree } of cases) {
    const lines = lineCount(input.text);
    warm.push(measureWarm({
      id: input.id, description: input.description, text: input.text, kernelTree: withTree ? tree : undefined, treeTexts: withTree ? [preImage] : undefined, lines, changedLines: input.changedLines,
    }, raw, policy, log));
  }

  log('wasm heap over 1,000 parses');
  const s40Result = runPipeline(s40.mbox.text);
  const wasmHeap = wasmHeapOver(quick ? 200 : 1000, [...changedFunctionTexts(s40Result.functions), preImage]);
  log(`  growth ${wasmHeap.growthBytes} bytes (${wasmHeap.beforeBytes} -> ${wasmHeap.afterBytes})`);

  // ---- cold, the CLI process ----
  log('cold: the CLI process');
  // Seven runs of the series-40 target, five of the others, two of the slow 100-patch series.
  const coldRuns = (id: string) => (quick ? 2 : id === 'series-40' ? 7 : id === 'series-100' ? 2 : 5);
  const cold: ColdResult[] = [measureCold(root, 'node + bundle (--version)', ['--version'], coldRuns('version'), log)];
  for (const id of ['patch-50', 'patch-500', 'series-10', 'series-40', 'reply-40', 'series-100']) {
    cold.push(measureCold(root, id, ['check', '--fail-on', 'none', files.get(id)!], coldRuns(id), log, id !== 'series-100'));
  }

  // ---- the language server ----
  log('language server over stdio');
  const settings = { debounceMs: 0 };
  const editCount = quick ? 20 : 200;
  // Edits wait for their diagnostics one by one; budgets keep slow analyses from running past ten minutes.
  // Scaled down when the phases before took long (a busy machine), to end within about nine and a half minutes.
  const elapsedS = (performance.now() - started) / 1000;
  const lspScale = Math.max(0.25, Math.min(1, (540 - elapsedS - 60) / 120));
  const proseBudgetMs = quick ? 5_000 : 30_000 * lspScale;
  const codeBudgetMs = quick ? 5_000 : 20_000 * lspScale;
  const memoryBudgetMs = quick ? 5_000 : 45_000 * lspScale;
  if (lspScale < 1) log(`  (time budgets of the edit loops scaled by ${lspScale.toFixed(2)})`);
  const lspDocs: LspDocResult[] = [];
  let rssAfter100 = NaN;
  let rssTrail: EditRun['rssAfter'] = [];
  for (const input of [lsp1000, s40.mbox]) {
    const client = await BenchLspClient.start(root, settings);
    try {
      const uri = `file:///bench/${input.id}.mbox`;
      const opened = await client.open(uri, input.text);
      log(`  ${input.id}: first diagnostics ${opened.ms.toFixed(0)} ms (${opened.diagnostics} diagnostics)`);
      const rng = new Rng(4242);
      const isSeries = input === s40.mbox;
      const rssStart = client.rssKb();
      const prose = await editLoop(client, uri, input.text, 'prose', editCount, rng, 2, [], proseBudgetMs);
      log(`  ${input.id}: ${prose.run.edits} prose edits, p50 ${prose.run.latency.median.toFixed(1)} ms, p95 ${prose.run.latency.p95.toFixed(1)} ms`);
      const code = await editLoop(client, uri, input.text, 'code', editCount, rng, prose.nextVersion, [], codeBudgetMs);
      log(`  ${input.id}: ${code.run.edits} code edits, p50 ${code.run.latency.median.toFixed(1)} ms, p95 ${code.run.latency.p95.toFixed(1)} ms`);
      if (isSeries) {
        // Up to 1,000 edits in all for the memory trail: RSS every 100 edits.
        const done = prose.run.edits + code.run.edits;
        const rest = Math.max(0, (quick ? 100 : 1000) - done);
        const points = Array.from({ length: 10 }, (_, i) => (i + 1) * 100 - done).filter((p) => p > 0);
        const more = (await editLoop(client, uri, input.text, 'prose', rest, rng, code.nextVersion, points, memoryBudgetMs)).run;
        rssTrail = [{ edits: 0, kb: rssStart }, { edits: done, kb: NaN }, ...more.rssAfter.map((r) => ({ edits: r.edits + done, kb: r.kb }))]
          .filter((r) => Number.isFinite(r.kb));
        if (rssTrail[rssTrail.length - 1]?.edits !== done + more.edits) rssTrail.push({ edits: done + more.edits, kb: client.rssKb() });
        log(`  ${input.id}: RSS trail ${rssTrail.map((r) => `${r.edits}:${(r.kb / 1024).toFixed(0)}MB`).join(' ')}`);
      }
      lspDocs.push({ id: input.id, description: input.description, lines: lineCount(input.text), firstDiagnosticsMs: opened.ms, diagnostics: opened.diagnostics, prose: prose.run, code: code.run });
    } finally {
      await client.stop();
    }
  }
  {
    const client = await BenchLspClient.start(root, settings);
    try {
      const opened = await client.open('file:///bench/series-100.mbox', s100.mbox.text);
      rssAfter100 = client.rssKb();
      log(`  series-100: first diagnostics ${opened.ms.toFixed(0)} ms, RSS ${(rssAfter100 / 1024).toFixed(0)} MB`);
      lspDocs.push({ id: 'series-100', description: s100.mbox.description, lines: lineCount(s100.mbox.text), firstDiagnosticsMs: opened.ms, diagnostics: opened.diagnostics });
    } finally {
      await client.stop();
    }
  }

  // ---- checkpatch.pl, when given ----
  const checkpatch = measureCheckpatch(s40.mails.map((m) => m.text), path.join(work, 'checkpatch'), quick ? 1 : 3, log);
  if (!checkpatch.ran) log(`  checkpatch.pl skipped: ${checkpatch.reason}`);

  // ---- profile of the cold CLI on the 40-patch series ----
  log('profiling the cold CLI on the 40-patch series');
  const profile = profileCli(root, ['check', '--fail-on', 'none', files.get('series-40')!]);

  const results: BenchResults = {
    machine: {
      cores: os.cpus().length,
      cpu: os.cpus()[0]?.model ?? 'unknown',
      node: process.version,
      platform: `${os.platform()} ${os.release()}`,
      memoryMB: Math.round(os.totalmem() / 1024 / 1024),
      loadAverageStart: loadStart.map((l) => +l.toFixed(2)),
      loadAverageEnd: os.loadavg().map((l) => +l.toFixed(2)),
    },
    date: new Date().toISOString(),
    commit: gitCommit(),
    quick,
    durationS: 0,
    inputs: [...inputs, lsp1000].map((i) => ({ id: i.id, description: i.description, lines: lineCount(i.text), patches: i.patches, changedLines: i.changedLines })),
    treeFile: { path: TREE_FILE, lines: lineCount(preImage) },
    warm,
    wasmHeap,
    cold,
    lsp: { settings, docs: lspDocs, rssAfterSeries100Kb: rssAfter100, rssTrailKb: rssTrail },
    checkpatch,
    profile,
  };
  results.durationS = Math.round((performance.now() - started) / 1000);
  writeReports(root, results);
  rmSync(work, { recursive: true, force: true });
  log(`wrote bench/results.md and bench/results.json in ${results.durationS} s`);
}

main().catch((err: unknown) => {
  process.stderr.write(`bench failed: ${err instanceof Error ? (err.stack ?? err.message) : String(err)}\n`);
  process.exit(1);
});
