/**
 * Writes bench/results.json (every figure) and bench/results.md (tables, and
 * every target of issue 7 with met / not met). When bench/baseline.json
 * exists (an earlier results.json kept as the "before" of an optimisation),
 * results.md compares the key figures with it; bench/notes.md, written by
 * hand, is appended: what was optimised and what the profiles show.
 */
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import type { CheckpatchResult } from './checkpatch.js';
import type { ColdResult } from './cold.js';
import type { EditRun } from './lsp.js';
import type { ProfileSummary } from './profile.js';
import { ms } from './lib/stats.js';
import { STAGES, type WarmResult, type WasmHeapResult } from './warm.js';

export interface LspDocResult {
  id: string;
  description: string;
  lines: number;
  firstDiagnosticsMs: number;
  diagnostics: number;
  prose?: EditRun;
  code?: EditRun;
}

export interface BenchResults {
  machine: { cores: number; cpu: string; node: string; platform: string; memoryMB: number; loadAverageStart: number[]; loadAverageEnd: number[] };
  date: string;
  commit: string;
  quick: boolean;
  durationS: number;
  inputs: { id: string; description: string; lines: number; patches: number; changedLines: number }[];
  treeFile: { path: string; lines: number };
  warm: WarmResult[];
  wasmHeap: WasmHeapResult;
  cold: ColdResult[];
  lsp: { settings: Record<string, unknown>; docs: LspDocResult[]; rssAfterSeries100Kb: number; rssTrailKb: { edits: number; kb: number }[] };
  checkpatch: CheckpatchResult;
  profile: ProfileSummary | { error: string };
}

export interface Target {
  target: string;
  measured: string;
  met: boolean | null;
}

const MB = (kb: number) => `${(kb / 1024).toFixed(0)} MB`;
const yes = (met: boolean | null) => (met === null ? 'n/a' : met ? '**met**' : '**not met**');

export function targets(r: BenchResults): Target[] {
  const out: Target[] = [];
  const worst = [...r.warm].sort((a, b) => b.ratio - a.ratio)[0];
  const s40 = r.warm.find((w) => w.id === 'series-40' && w.mode === 'patch only');
  out.push({
    target: 'total analysis <= 3x the raw tree-sitter parse of the same C text (warm, every input)',
    measured: `series-40: ${s40 ? s40.ratio.toFixed(1) : 'n/a'}x; best ${Math.min(...r.warm.map((w) => w.ratio)).toFixed(1)}x, worst ${worst.ratio.toFixed(1)}x (${worst.id}${worst.mode === 'kernel tree' ? ', tree' : ''})`,
    met: r.warm.every((w) => w.ratio <= 3),
  });
  for (const d of r.lsp.docs) {
    for (const run of [d.prose, d.code]) {
      if (!run) continue;
      out.push({
        target: `one-line edit re-diagnosis p95 <= 20 ms (${d.id}, ${run.kind} edits)`,
        measured: `p50 ${ms(run.latency.median)} ms, p95 ${ms(run.latency.p95)} ms over ${run.edits} edits`,
        met: run.latency.p95 <= 20,
      });
    }
  }
  const c40 = r.cold.find((c) => c.id === 'series-40');
  out.push({
    target: '40-patch series in the CLI, cold (process start included), < 1 s',
    measured: c40 ? `median ${ms(c40.runs.median)} ms, p95 ${ms(c40.runs.p95)} ms over ${c40.runs.n} runs` : 'n/a',
    met: c40 ? c40.runs.median < 1000 : null,
  });
  const trailMax = Math.max(...r.lsp.rssTrailKb.map((t) => t.kb));
  out.push({
    target: 'server RSS < 150 MB after the 100-patch series',
    measured: MB(r.lsp.rssAfterSeries100Kb),
    met: r.lsp.rssAfterSeries100Kb < 150 * 1024,
  });
  const first = r.lsp.rssTrailKb[0];
  const last = r.lsp.rssTrailKb[r.lsp.rssTrailKb.length - 1];
  out.push({
    target: 'server RSS < 150 MB after 1,000 edits, and no growth',
    measured: first && last ? `${MB(first.kb)} before, ${MB(last.kb)} after ${last.edits} edits (max ${MB(trailMax)})` : 'n/a',
    met: first && last ? trailMax < 150 * 1024 : null,
  });
  out.push({
    target: 'tree-sitter wasm heap does not grow over 1,000 parses',
    measured: `${r.wasmHeap.growthBytes} bytes growth over ${r.wasmHeap.parses} parses (${(r.wasmHeap.afterBytes / 1024 / 1024).toFixed(1)} MB heap)`,
    met: r.wasmHeap.growthBytes <= 0,
  });
  return out;
}

function table(head: string[], rows: (string | number)[][]): string {
  return [`| ${head.join(' | ')} |`, `| ${head.map(() => '---').join(' | ')} |`, ...rows.map((r) => `| ${r.join(' | ')} |`)].join('\n');
}

function warmTable(r: BenchResults): string {
  const head = ['input', 'mode', 'lines', 'fns', ...STAGES.map((s) => `${s} med / p95`), 'total med / p95', 'total CPU med', 'raw parse med', 'ratio', 'ratio (fn text)', 'reps'];
  return table(head, r.warm.map((w) => [
    w.id, w.mode, w.lines, w.functions,
    ...STAGES.map((s) => `${ms(w.stages[s].median)} / ${ms(w.stages[s].p95)}`),
    `${ms(w.total.median)} / ${ms(w.total.p95)}`, ms(w.totalCpu.median), ms(w.rawParse.median), `${w.ratio.toFixed(1)}x`, `${w.ratioFunctions.toFixed(1)}x`, w.total.n,
  ]));
}

function simTable(r: BenchResults): string {
  return table(['input', 'mode', 'functions simulated', 'runs', 'steps', 'paths', 'budget hits', 'max steps / run', 'max paths / run'],
    r.warm.map((w) => [w.id, w.mode, w.simulator.perFunction.length, w.simulator.runs, w.simulator.steps, w.simulator.paths, w.simulator.budgetHits, w.simulator.maxSteps, w.simulator.maxPaths]));
}

function topFunctions(r: BenchResults): string {
  const w = r.warm.find((x) => x.id === 'series-40' && x.mode === 'patch only');
  if (!w) return '';
  return table(['function (series-40)', 'runs', 'steps', 'paths', 'budget hits'],
    w.simulator.perFunction.slice(0, 12).map((f) => [`\`${f.function}\``, f.runs, f.steps, f.paths, f.budgetHits ? `${f.budgetHits} (${f.budgetKinds.join(', ')})` : 0]));
}

function lspTable(r: BenchResults): string {
  const rows: (string | number)[][] = [];
  for (const d of r.lsp.docs) {
    rows.push([d.id, d.lines, ms(d.firstDiagnosticsMs), d.diagnostics,
      d.prose ? `${ms(d.prose.latency.median)} / ${ms(d.prose.latency.p95)} (${d.prose.edits})` : '-',
      d.code ? `${ms(d.code.latency.median)} / ${ms(d.code.latency.p95)} (${d.code.edits})` : '-']);
  }
  return table(['document', 'lines', 'didOpen -> first diagnostics (ms)', 'diagnostics', 'prose edit p50 / p95 ms (edits)', 'code edit p50 / p95 ms (edits)'], rows);
}

function profileSection(p: BenchResults['profile']): string {
  if ('error' in p) return `Profile not taken: ${p.error}`;
  return [
    `\`${p.command}\`: ${ms(p.totalMs)} ms of samples.`,
    '',
    table(['area', 'self ms', 'share'], p.areas.map((a) => [a.area, ms(a.selfMs), `${(a.share * 100).toFixed(1)}%`])),
    '',
    table(['function', 'source', 'self ms', 'share'], p.functions.map((f) => [`\`${f.name}\``, f.source, ms(f.selfMs), `${(f.share * 100).toFixed(1)}%`])),
  ].join('\n');
}

function comparison(r: BenchResults, base: BenchResults): string {
  const rows: string[][] = [];
  const pct = (a: number, b: number) => (Number.isFinite(a) && Number.isFinite(b) && a > 0 ? `${(((b - a) / a) * 100).toFixed(0)}%` : '');
  for (const w of r.warm) {
    const b = base.warm.find((x) => x.id === w.id && x.mode === w.mode);
    if (!b) continue;
    rows.push([`warm total, ${w.id}${w.mode === 'kernel tree' ? ' (tree)' : ''}`, `${ms(b.total.median)} ms (${b.ratio.toFixed(1)}x)`, `${ms(w.total.median)} ms (${w.ratio.toFixed(1)}x)`, pct(b.total.median, w.total.median)]);
    rows.push([`  frontend, ${w.id}${w.mode === 'kernel tree' ? ' (tree)' : ''}`, `${ms(b.stages.frontend.median)} ms`, `${ms(w.stages.frontend.median)} ms`, pct(b.stages.frontend.median, w.stages.frontend.median)]);
    rows.push([`  ingest, ${w.id}${w.mode === 'kernel tree' ? ' (tree)' : ''}`, `${ms(b.stages.ingest.median)} ms`, `${ms(w.stages.ingest.median)} ms`, pct(b.stages.ingest.median, w.stages.ingest.median)]);
  }
  for (const c of r.cold) {
    const b = base.cold.find((x) => x.id === c.id);
    if (b) rows.push([`cold CLI, ${c.id}`, `${ms(b.runs.median)} ms`, `${ms(c.runs.median)} ms`, pct(b.runs.median, c.runs.median)]);
  }
  for (const d of r.lsp.docs) {
    const b = base.lsp.docs.find((x) => x.id === d.id);
    if (!b) continue;
    rows.push([`LSP first diagnostics, ${d.id}`, `${ms(b.firstDiagnosticsMs)} ms`, `${ms(d.firstDiagnosticsMs)} ms`, pct(b.firstDiagnosticsMs, d.firstDiagnosticsMs)]);
    if (b.prose && d.prose) rows.push([`LSP prose edit p95, ${d.id}`, `${ms(b.prose.latency.p95)} ms`, `${ms(d.prose.latency.p95)} ms`, pct(b.prose.latency.p95, d.prose.latency.p95)]);
    if (b.code && d.code) rows.push([`LSP code edit p95, ${d.id}`, `${ms(b.code.latency.p95)} ms`, `${ms(d.code.latency.p95)} ms`, pct(b.code.latency.p95, d.code.latency.p95)]);
  }
  rows.push(['server RSS after series-100', MB(base.lsp.rssAfterSeries100Kb), MB(r.lsp.rssAfterSeries100Kb), pct(base.lsp.rssAfterSeries100Kb, r.lsp.rssAfterSeries100Kb)]);
  return [
    `Before: commit ${base.commit}, ${base.date} (load average ${base.machine.loadAverageStart.join(' ')}). After: this run.`,
    '',
    table(['figure', 'before', 'after', 'change'], rows),
  ].join('\n');
}

export function renderMarkdown(r: BenchResults, base?: BenchResults, notes?: string): string {
  const ts = targets(r);
  const c = r.checkpatch;
  const coldTable = table(['command', 'median ms', 'p95 ms', 'min ms', 'runs', 'peak RSS'], r.cold.map((x) => [
    `\`mmreview ${x.args.map((a) => (a.includes('/') ? path.basename(a) : a)).join(' ')}\``, ms(x.runs.median), ms(x.runs.p95), ms(x.runs.min), x.runs.n, x.maxRssKb ? MB(x.maxRssKb) : '-',
  ]));
  return [
    '# mmreview benchmark results',
    '',
    `Machine: **${r.machine.cores} cores** (${r.machine.cpu}), **Node ${r.machine.node}**, ${r.machine.platform}, ${r.machine.memoryMB} MB RAM.`,
    `Load average at start ${r.machine.loadAverageStart.join(' ')}, at end ${r.machine.loadAverageEnd.join(' ')} (other work shares this machine; every ratio is taken within one repetition so both sides see the same load).`,
    `Run ${r.date}, commit ${r.commit}, ${r.durationS} s in all${r.quick ? ' (BENCH_QUICK: reduced repetitions, not for comparison)' : ''}. Generated by \`npm run bench\` (bench/run.ts); every figure is in bench/results.json.`,
    '',
    '## Targets (issue 7)',
    '',
    table(['target', 'measured', 'status'], ts.map((t) => [t.target, t.measured, yes(t.met)])),
    '',
    c.ran
      ? `checkpatch.pl on the same 40 patches: median ${ms(c.runs.median)} ms (${ms(c.perPatchMs)} ms per patch); mmreview cold on the series is ${((r.cold.find((x) => x.id === 'series-40')?.runs.median ?? NaN) / c.runs.median).toFixed(2)}x that.`
      : `checkpatch.pl: skipped (${c.reason}).`,
    '',
    '## Inputs',
    '',
    `All generated from fixed seeds (bench/gen/). Kernel-tree mode uses a generated ${r.treeFile.lines}-line ${r.treeFile.path} as the pre-image; every patch is made against it.`,
    '',
    table(['id', 'description', 'lines', 'patches', 'changed lines'], r.inputs.map((i) => [i.id, i.description, i.lines, i.patches, i.changedLines])),
    '',
    '## Warm, in process (ms)',
    '',
    'Median and p95 over repetitions after one warm-up run (a case whose first run takes over 4 s is run twice, the first run counted). The frontend\'s caches are emptied before each repetition, so each is a first analysis of the document in a warm process. The stages are runPipeline\'s own laps; the total is its wall time (it also builds the per-function summaries). Raw parse: web-tree-sitter parsing the post-image C text of every quoted file diff (in tree mode also the tree\'s pre-image file, which the analysis must read), median of three parses in the same repetition; ratio = total / raw parse, median over repetitions. Total CPU is the process\'s CPU time over the same call (GC threads included). "ratio (fn text)" divides by the parse of the changed functions\' own text instead.',
    '',
    warmTable(r),
    '',
    '## Cold: the CLI process',
    '',
    coldTable,
    '',
    '## Language server (stdio, vscode-languageserver-protocol client, debounce 0)',
    '',
    'Latency from sending didOpen/didChange to receiving that version\'s publishDiagnostics. Prose edits add/remove a word on a commit-message line; code edits add/remove a trailing comment on an added statement inside a changed function (the function text changes, so the simulations run again). Code edits are capped by a time budget. The default debounce (150 ms) is a deliberate wait and comes on top in an editor.',
    '',
    lspTable(r),
    '',
    '## Memory',
    '',
    table(['figure', 'value'], [
      ['server RSS after opening the 100-patch series', MB(r.lsp.rssAfterSeries100Kb)],
      ['server RSS over edits of the 40-patch series', r.lsp.rssTrailKb.map((t) => `${t.edits}: ${MB(t.kb)}`).join(', ')],
      [`tree-sitter wasm heap over ${r.wasmHeap.parses} frontend parses`, `${r.wasmHeap.beforeBytes} -> ${r.wasmHeap.afterBytes} bytes (growth ${r.wasmHeap.growthBytes})`],
    ]),
    '',
    '## Simulator',
    '',
    simTable(r),
    '',
    topFunctions(r),
    '',
    '## Profile of the cold CLI on the 40-patch series',
    '',
    profileSection(r.profile),
    '',
    ...(base ? ['## Before / after', '', comparison(r, base), ''] : []),
    ...(notes ? [notes.trim(), ''] : []),
  ].join('\n');
}

/** Indented JSON with each per-function simulator entry on one line (there are hundreds). */
export function resultsJson(r: BenchResults): string {
  const json = JSON.stringify(r, (k, v) => (k === 'samples' ? undefined : v), 2);
  return json.replace(/\{\n\s+"function": [^{}]*?\}/g, (m) => m.replace(/\s*\n\s*/g, ' '));
}

export function writeReports(root: string, r: BenchResults): void {
  const json = resultsJson(r);
  writeFileSync(path.join(root, 'bench/results.json'), json + '\n');
  const basePath = path.join(root, 'bench/baseline.json');
  const base = existsSync(basePath) ? (JSON.parse(readFileSync(basePath, 'utf8')) as BenchResults) : undefined;
  const notesPath = path.join(root, 'bench/notes.md');
  const notes = existsSync(notesPath) ? readFileSync(notesPath, 'utf8') : undefined;
  writeFileSync(path.join(root, 'bench/results.md'), renderMarkdown(r, base, notes));
}
