/**
 * checkpatch.pl, the tool every mm author already runs, on the same series in
 * the same run: only when CHECKPATCH=/path/to/checkpatch.pl is set and perl
 * is on the PATH (the bench never downloads it). Each patch of the series is
 * written to its own file, as `git format-patch` leaves them, and checked by
 * one checkpatch.pl process; --no-tree because the bench has no kernel tree
 * that checkpatch would accept.
 */
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { summarise, type Summary } from './lib/stats.js';

export type CheckpatchResult =
  | { ran: true; script: string; patches: number; runs: Summary; perPatchMs: number }
  | { ran: false; reason: string };

function perlAvailable(): boolean {
  return spawnSync('perl', ['-e', '1']).status === 0;
}

export function measureCheckpatch(patchTexts: readonly string[], dir: string, runs: number, log: (s: string) => void): CheckpatchResult {
  const script = process.env.CHECKPATCH;
  if (!script) return { ran: false, reason: 'CHECKPATCH is not set (set CHECKPATCH=/path/to/checkpatch.pl to compare)' };
  if (!existsSync(script)) return { ran: false, reason: `CHECKPATCH=${script} does not exist` };
  if (!perlAvailable()) return { ran: false, reason: 'perl is not on the PATH' };
  mkdirSync(dir, { recursive: true });
  const files = patchTexts.map((t, i) => {
    const f = path.join(dir, `${String(i + 1).padStart(4, '0')}.patch`);
    writeFileSync(f, t);
    return f;
  });
  const times: number[] = [];
  for (let i = 0; i < runs; i++) {
    const t0 = performance.now();
    spawnSync('perl', [script, '--no-tree', '--quiet', '--show-types', ...files], { encoding: 'utf8', maxBuffer: 64 * 1024 * 1024 });
    times.push(performance.now() - t0);
  }
  const s = summarise(times);
  log(`  checkpatch.pl: median ${s.median.toFixed(0)} ms for ${files.length} patches`);
  return { ran: true, script, patches: files.length, runs: s, perPatchMs: s.median / files.length };
}
