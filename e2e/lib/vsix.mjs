// Builds the .vsix the VS Code test installs. The product's own `npm run package` is
// preferred; until scripts/package.mjs exists we stage the manifest, dist/ and syntaxes/
// and run vsce there, because vsce without the product's allow-list would pack the whole
// work tree (e2e/.cache alone is hundreds of MB).
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { CACHE, E2E, ROOT, SELFTEST } from './util.mjs';

const VSCE = path.join(ROOT, 'node_modules', '@vscode', 'vsce', 'vsce');

function run(cmd, args, cwd, log) {
  try {
    // stdin ignored: vsce asks questions on a TTY, and CI has none.
    execFileSync(cmd, args, { cwd, stdio: ['ignore', 'pipe', 'pipe'], encoding: 'utf8', maxBuffer: 64 << 20 });
  } catch (e) {
    throw new Error(`${log}: ${cmd} ${args.join(' ')} failed:\n${(e.stdout ?? '') + (e.stderr ?? '')}`);
  }
}

function vscePackage(dir, out) {
  run(process.execPath, [VSCE, 'package', '--no-dependencies', '--allow-missing-repository',
    '--skip-license', '-o', out], dir, 'vsce');
  return out;
}

function stage(files, stageDir) {
  fs.rmSync(stageDir, { recursive: true, force: true });
  for (const f of files) {
    const from = path.join(ROOT, f);
    if (fs.existsSync(from)) fs.cpSync(from, path.join(stageDir, f), { recursive: true });
  }
}

// Returns { vsix, id, how } where id is publisher.name as code-server lists it.
export function buildVsix() {
  const outDir = path.join(CACHE, 'vsix');
  fs.mkdirSync(outDir, { recursive: true });
  if (SELFTEST) {
    // Harness self-test: a stub extension with fake diagnostics/hover/fix (e2e/selftest).
    const dir = path.join(E2E, 'selftest', 'extension');
    const m = JSON.parse(fs.readFileSync(path.join(dir, 'package.json'), 'utf8'));
    return { vsix: vscePackage(dir, path.join(outDir, 'selftest.vsix')), id: `${m.publisher}.${m.name}`, how: 'selftest stub' };
  }
  if (process.env.E2E_VSIX) return { vsix: path.resolve(process.env.E2E_VSIX), id: process.env.E2E_EXTENSION_ID, how: 'E2E_VSIX' };

  const pkg = JSON.parse(fs.readFileSync(path.join(ROOT, 'package.json'), 'utf8'));
  const id = `${pkg.publisher}.${pkg.name}`;
  const script = pkg.scripts?.package ?? '';
  const target = /^node\s+(\S+)/.exec(script)?.[1];
  if (script && (!target || fs.existsSync(path.join(ROOT, target)))) {
    const started = Date.now();
    run('npm', ['run', 'package'], ROOT, 'npm run package');
    const name = `${pkg.name}-${pkg.version}.vsix`;
    const found = [ROOT, path.join(ROOT, 'dist')].map((d) => path.join(d, name))
      .filter((f) => fs.existsSync(f) && fs.statSync(f).mtimeMs >= started - 1000);
    if (!found.length) throw new Error(`npm run package did not write ${name} at the root or in dist/`);
    return { vsix: found[0], id, how: 'npm run package' };
  }
  console.log('[e2e] scripts/package.mjs not there yet: falling back to a staged `vsce package`');
  run(process.execPath, [path.join(ROOT, 'scripts', 'build.mjs')], ROOT, 'build');
  const stageDir = path.join(CACHE, 'vsix-stage');
  stage(['package.json', 'dist', 'syntaxes', 'language-configuration.json', 'README.md', 'LICENSE', 'docs'], stageDir);
  return { vsix: vscePackage(stageDir, path.join(outDir, `${pkg.name}-${pkg.version}.vsix`)), id, how: 'staged vsce fallback' };
}
