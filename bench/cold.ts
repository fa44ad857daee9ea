/**
 * Cold figures: the whole CLI process, as a user or b4 runs it
 * (`node bin/mmreview.js check FILE`), node start-up and wasm loading
 * included. Each run is a fresh process; the wall time is taken around the
 * spawn. `--version` gives the floor of starting node and loading the bundle.
 */
import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import path from 'node:path';
import { summarise, type Summary } from './lib/stats.js';

export interface ColdResult {
  id: string;
  args: string[];
  runs: Summary;
  exitCodes: number[];
  /** Peak RSS of the child in kB, from /usr/bin/time when it is there. */
  maxRssKb?: number;
}

const TIME = '/usr/bin/time';

function runOnce(root: string, args: string[]): { ms: number; code: number; rssKb?: number } {
  const bin = path.join(root, 'bin/mmreview.js');
  const useTime = existsSync(TIME);
  const cmd = useTime ? TIME : process.execPath;
  const argv = useTime ? ['-f', '%M', process.execPath, bin, ...args] : [bin, ...args];
  const t0 = performance.now();
  const res = spawnSync(cmd, argv, { cwd: root, encoding: 'utf8', maxBuffer: 64 * 1024 * 1024 });
  const ms = performance.now() - t0;
  let rssKb: number | undefined;
  if (useTime) {
    const m = /(\d+)\s*$/.exec(res.stderr ?? '');
    if (m) rssKb = Number(m[1]);
  }
  return { ms, code: res.status ?? -1, rssKb };
}

export function measureCold(root: string, id: string, args: string[], runs: number, log: (s: string) => void, warmUp = true): ColdResult {
  if (warmUp) runOnce(root, args); // the first spawn pays for the page cache; not counted
  const times: number[] = [];
  const codes: number[] = [];
  let rss = 0;
  for (let i = 0; i < runs; i++) {
    const r = runOnce(root, args);
    times.push(r.ms);
    codes.push(r.code);
    if (r.rssKb) rss = Math.max(rss, r.rssKb);
  }
  const s = summarise(times);
  log(`  cold ${id}: median ${s.median.toFixed(0)} ms, p95 ${s.p95.toFixed(0)} ms over ${runs} runs (exit ${[...new Set(codes)].join(',')})`);
  return { id, args, runs: s, exitCodes: codes, maxRssKb: rss || undefined };
}
