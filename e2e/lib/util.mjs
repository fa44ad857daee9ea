// Shared bits of the end-to-end tests: paths, bounded polling, and the artifacts
// folder (screenshots and timings.json) that CI keeps for a human to look at.
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

export const E2E = path.dirname(path.dirname(fileURLToPath(import.meta.url)));
export const ROOT = path.dirname(E2E);
export const CACHE = path.join(E2E, '.cache');
export const ARTIFACTS = path.join(E2E, 'artifacts');
export const FIXTURES = path.join(E2E, 'fixtures');
export const SELFTEST = process.env.E2E_SELFTEST === '1';

// Poll `fn` until it returns a truthy value; never wait longer than `timeout`.
// The last value and error go into the timeout message, so a failure says what was seen.
export async function poll(fn, { timeout = 30000, interval = 100, what = 'condition' } = {}) {
  const end = Date.now() + timeout;
  let last;
  let lastErr;
  for (;;) {
    try {
      last = await fn();
      if (last) return last;
    } catch (e) {
      lastErr = e;
    }
    if (Date.now() >= end) {
      const seen = lastErr ? `last error: ${lastErr.message}` : `last value: ${JSON.stringify(last)}`;
      throw new Error(`timed out after ${timeout} ms waiting for ${what} (${seen})`);
    }
    await new Promise((r) => setTimeout(r, interval));
  }
}

// timings.json is merged rather than overwritten: both test files add to it.
export function recordTimings(section, values) {
  fs.mkdirSync(ARTIFACTS, { recursive: true });
  const file = path.join(ARTIFACTS, 'timings.json');
  let all = {};
  try { all = JSON.parse(fs.readFileSync(file, 'utf8')); } catch { /* first writer */ }
  all[section] = { ...(all[section] ?? {}), ...values, recordedAt: new Date().toISOString() };
  fs.writeFileSync(file, JSON.stringify(all, null, 2) + '\n');
  console.log(`[e2e] timings ${section}: ${JSON.stringify(values)}`);
}

// 1-based numbers of the lines of `file` that contain `needle`: the expected positions
// come from the fixture itself, so editing the fixture cannot silently break the test.
export function linesContaining(file, needle) {
  return fs.readFileSync(file, 'utf8').split('\n')
    .map((text, i) => (text.includes(needle) ? i + 1 : 0)).filter(Boolean);
}
