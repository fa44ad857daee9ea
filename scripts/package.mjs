// `npm run package`: builds the bundles, then packs the extension with vsce
// into mmreview-<version>.vsix at the repository root. What ships is decided
// by the allow-list in .vscodeignore; the bundles carry their dependencies,
// hence --no-dependencies.
//   --out FILE    write the .vsix there instead
//   --no-build    pack the dist/ that is already there
import { spawnSync } from 'node:child_process';
import { existsSync, readFileSync, mkdirSync } from 'node:fs';
import path from 'node:path';

const root = path.dirname(path.dirname(new URL(import.meta.url).pathname));
const args = process.argv.slice(2);
const pkg = JSON.parse(readFileSync(path.join(root, 'package.json'), 'utf8'));

function option(name) {
  const i = args.indexOf(name);
  return i >= 0 ? args[i + 1] : undefined;
}

function run(what, argv) {
  // stdin ignored: vsce asks questions on a TTY and would wait forever in CI.
  const res = spawnSync(process.execPath, argv, { cwd: root, stdio: ['ignore', 'inherit', 'inherit'] });
  if (res.status !== 0) {
    console.error(`package: ${what} failed (exit ${res.status ?? res.signal})`);
    process.exit(res.status || 1);
  }
}

const out = path.resolve(option('--out') ?? path.join(root, `${pkg.name}-${pkg.version}.vsix`));
mkdirSync(path.dirname(out), { recursive: true });

if (!args.includes('--no-build')) run('build', [path.join(root, 'scripts/build.mjs')]);

const vsce = path.join(root, 'node_modules/@vscode/vsce/vsce');
const vsceArgs = [vsce, 'package', '--no-dependencies', '--allow-missing-repository', '-o', out];
if (!existsSync(path.join(root, 'LICENSE'))) vsceArgs.push('--skip-license');
run('vsce package', vsceArgs);
console.log(`package: wrote ${path.relative(process.cwd(), out) || out}`);
