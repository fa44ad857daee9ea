// A fresh code-server per run: its own user-data, extensions and XDG folders under
// e2e/.cache/run, so nothing from an earlier run (or the home folder) leaks in.
import { execFileSync, spawn } from 'node:child_process';
import fs from 'node:fs';
import net from 'node:net';
import path from 'node:path';
import { ARTIFACTS, CACHE, poll } from './util.mjs';

const ENTRY = path.join(CACHE, 'code-server', 'node_modules', 'code-server', 'out', 'node', 'entry.js');

const SETTINGS = {
  'workbench.startupEditor': 'none',
  'security.workspace.trust.enabled': false,
  'telemetry.telemetryLevel': 'off',
  'update.mode': 'none',
  'extensions.autoCheckUpdates': false,
  'extensions.autoUpdate': false,
  'extensions.ignoreRecommendations': true,
  'workbench.enableExperiments': false,
  'workbench.tips.enabled': false,
  'git.enabled': false,
  'editor.hover.delay': 150,
  'editor.minimap.enabled': false, // squiggles are then only in the text area we inspect
  'window.commandCenter': false,
  'chat.commandCenter.enabled': false,
};

export function prepareRun() {
  if (!fs.existsSync(ENTRY)) throw new Error(`code-server missing at ${ENTRY}: run bash e2e/install.sh`);
  const dir = path.join(CACHE, 'run');
  fs.rmSync(dir, { recursive: true, force: true });
  const r = {
    dir,
    workspace: path.join(dir, 'workspace'),
    userData: path.join(dir, 'user-data'),
    extensions: path.join(dir, 'extensions'),
    config: path.join(dir, 'config.yaml'),
  };
  for (const d of [r.workspace, path.join(r.userData, 'User'), r.extensions]) fs.mkdirSync(d, { recursive: true });
  fs.writeFileSync(path.join(r.userData, 'User', 'settings.json'), JSON.stringify(SETTINGS, null, 2));
  // A config file of our own, or code-server writes ~/.config/code-server/config.yaml.
  fs.writeFileSync(r.config, 'bind-addr: 127.0.0.1:0\nauth: none\ncert: false\n');
  r.env = {
    ...process.env,
    XDG_CONFIG_HOME: path.join(dir, 'xdg-config'),
    XDG_DATA_HOME: path.join(dir, 'xdg-data'),
    XDG_CACHE_HOME: path.join(dir, 'xdg-cache'),
    TMPDIR: path.join(dir, 'tmp'),
  };
  fs.mkdirSync(r.env.TMPDIR, { recursive: true });
  r.common = ['--config', r.config, '--user-data-dir', r.userData, '--extensions-dir', r.extensions];
  return r;
}

export function installExtension(r, vsix) {
  const cs = (...args) => execFileSync(process.execPath, [ENTRY, ...r.common, ...args],
    { env: r.env, encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'], timeout: 120000 });
  const out = cs('--install-extension', vsix);
  return { out, list: cs('--list-extensions', '--show-versions').trim().split('\n') };
}

function freePort() {
  return new Promise((resolve, reject) => {
    const s = net.createServer();
    s.on('error', reject);
    s.listen(0, '127.0.0.1', () => { const { port } = s.address(); s.close(() => resolve(port)); });
  });
}

// Started detached (setsid: its own process group) because its extension host and the
// language server it spawns outlive the page; stop() kills the whole group by id.
export async function startCodeServer(r) {
  const port = await freePort();
  fs.mkdirSync(path.join(ARTIFACTS, 'logs'), { recursive: true });
  const log = fs.openSync(path.join(ARTIFACTS, 'logs', 'code-server.log'), 'w');
  const child = spawn(process.execPath, [ENTRY, ...r.common, '--bind-addr', `127.0.0.1:${port}`,
    '--auth', 'none', '--disable-telemetry', '--disable-update-check', '--disable-workspace-trust',
    '--disable-getting-started-override', r.workspace], { env: r.env, detached: true, stdio: ['ignore', log, log] });
  const pgid = child.pid;
  let exited = false;
  child.on('exit', () => { exited = true; });
  const killGroup = (sig) => { try { process.kill(-pgid, sig); } catch { /* already gone */ } };
  const onExit = () => killGroup('SIGKILL'); // the test process dying must not leak it
  process.on('exit', onExit);
  const url = `http://127.0.0.1:${port}/`;
  await poll(async () => {
    if (exited) throw new Error('code-server exited; see e2e/artifacts/logs/code-server.log');
    const res = await fetch(url + 'healthz').catch(() => null);
    return res?.ok;
  }, { timeout: 60000, interval: 100, what: 'code-server /healthz' });
  return {
    url,
    pid: pgid,
    async stop() {
      killGroup('SIGTERM');
      const alive = () => { try { process.kill(-pgid, 0); return true; } catch { return false; } };
      await poll(() => !alive(), { timeout: 5000, interval: 100, what: 'code-server to exit' }).catch(() => killGroup('SIGKILL'));
      process.off('exit', onExit);
      fs.closeSync(log);
    },
  };
}

// The extension host log says when an extension was activated, which the UI does not.
export function activationLogged(r, id) {
  const hits = [];
  const walk = (d) => {
    for (const e of fs.readdirSync(d, { withFileTypes: true })) {
      const p = path.join(d, e.name);
      if (e.isDirectory()) walk(p);
      else if (/exthost.*\.log$/.test(e.name) && fs.readFileSync(p, 'utf8').includes(`_doActivateExtension ${id}`)) hits.push(p);
    }
  };
  const logs = path.join(r.userData, 'logs');
  if (fs.existsSync(logs)) walk(logs);
  return hits.length > 0;
}
