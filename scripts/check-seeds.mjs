// Parses every seed thread in ../shared/seeds (when that folder exists) with
// the built CLI and prints the outline, so CI shows the seeds still ingest.
import { existsSync, readdirSync } from 'node:fs';
import { spawnSync } from 'node:child_process';
import path from 'node:path';

const root = path.dirname(path.dirname(new URL(import.meta.url).pathname));
const seeds = path.resolve(root, '..', 'shared', 'seeds');
if (!existsSync(seeds)) {
  console.log(`check:seeds: ${seeds} does not exist; nothing to check.`);
  process.exit(0);
}
let failed = 0;
for (const name of readdirSync(seeds).sort()) {
  const file = path.join(seeds, name);
  const res = spawnSync(process.execPath, [path.join(root, 'bin/mmreview.js'), 'parse', file], { encoding: 'utf8' });
  process.stdout.write(`== ${name} (exit ${res.status})\n${res.stdout}${res.stderr}`);
  if (res.status !== 0) failed++;
}
if (failed) {
  console.error(`check:seeds: ${failed} seed(s) failed to parse`);
  process.exit(1);
}
console.log('check:seeds: every seed parsed');
