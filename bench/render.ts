/**
 * Re-renders bench/results.md from bench/results.json (with bench/baseline.json
 * and bench/notes.md when present), without measuring anything again:
 * `node --import tsx bench/render.ts`. For editing the notes after a run.
 */
import { readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { writeReports, type BenchResults } from './report.js';

const root = path.dirname(path.dirname(new URL(import.meta.url).pathname));
const results = JSON.parse(readFileSync(path.join(root, 'bench/results.json'), 'utf8')) as BenchResults;
writeReports(root, results);
writeFileSync(process.stdout.fd, 'rewrote bench/results.md\n');
