// Golden tests of the lowering: each test/fixtures/lower/NAME.c is lowered and
// dumped, and the dump must equal NAME.expected. A first line
// `// config: CONFIG_A=n CONFIG_B=y` adds a second dump under that
// configuration. Regenerate with UPDATE_GOLDEN=1.
import { before, test } from 'node:test';
import assert from 'node:assert/strict';
import { readdirSync, readFileSync, writeFileSync, existsSync } from 'node:fs';
import path from 'node:path';
import { listBodyConfigSymbols, lowerCSourceDetailed, type ConfigChoice } from '../../server/src/analysis/frontend/parser.js';
import { dumpFunction } from '../../server/src/analysis/frontend/lower/dump.js';
import { setupFrontend } from './frontend-setup.js';

const dir = path.join(process.cwd(), 'test', 'fixtures', 'lower');

before(setupFrontend);

function configFromFirstLine(text: string): ConfigChoice | undefined {
  const m = /^\/\/ config:(.*)$/m.exec(text.split('\n')[0]);
  if (!m) return undefined;
  const config: Record<string, boolean> = {};
  for (const item of m[1].trim().split(/\s+/)) {
    const [name, value] = item.split('=');
    config[name] = value !== 'n';
  }
  return config;
}

function dumpAll(text: string, config: ConfigChoice): string {
  const { functions, errorNodes } = lowerCSourceDetailed(text, config);
  const parts = functions.map((f) => {
    const extra = `;; conditions: [${f.conditions.join(', ')}] body-symbols: [${f.bodySymbols.join(', ')}]`;
    return `${extra}\n${dumpFunction(f.ast)}`;
  });
  return `;; file errors: ${errorNodes}\n${parts.join('\n')}\n`;
}

function render(text: string): string {
  const config = configFromFirstLine(text);
  let out = `== default ==\n${dumpAll(text, {})}`;
  if (config) {
    const label = Object.entries(config).map(([k, v]) => `${k}=${v ? 'y' : 'n'}`).join(' ');
    out += `== ${label} ==\n${dumpAll(text, config)}`;
  }
  return out;
}

for (const name of readdirSync(dir).filter((f) => f.endsWith('.c')).sort()) {
  test(`lowering golden: ${name}`, () => {
    const text = readFileSync(path.join(dir, name), 'utf8');
    const actual = render(text);
    const expectedPath = path.join(dir, name.replace(/\.c$/, '.expected'));
    if (process.env.UPDATE_GOLDEN || !existsSync(expectedPath)) writeFileSync(expectedPath, actual);
    assert.equal(actual, readFileSync(expectedPath, 'utf8'));
  });
}

test('listBodyConfigSymbols lists only in-body conditionals', () => {
  const text = readFileSync(path.join(dir, 'ifdef-body.c'), 'utf8');
  assert.deepEqual(listBodyConfigSymbols(text), ['CONFIG_FROB_SHARE', 'CONFIG_FROB_STATS']);
});
