/**
 * A CPU profile of the cold CLI (`node --cpu-prof bin/mmreview.js check
 * FILE`), summarised: self time by function and by source area. The bundle's
 * positions are mapped back to the TypeScript sources with dist/cli.js.map
 * (node:module's SourceMap), so each hot function is named with its file,
 * which says whose code it is.
 */
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { SourceMap } from 'node:module';
import os from 'node:os';
import path from 'node:path';

interface CallFrame {
  functionName: string;
  url: string;
  lineNumber: number;
  columnNumber: number;
}

interface ProfileNode {
  id: number;
  callFrame: CallFrame;
  hitCount?: number;
}

interface CpuProfile {
  nodes: ProfileNode[];
  samples: number[];
  timeDeltas: number[];
  startTime: number;
  endTime: number;
}

export interface HotFunction {
  name: string;
  source: string;
  selfMs: number;
  share: number;
}

export interface ProfileSummary {
  command: string;
  totalMs: number;
  functions: HotFunction[];
  areas: { area: string; selfMs: number; share: number }[];
}

/** Who owns a source file, in the terms of the project's layout. */
export function areaOf(source: string): string {
  const s = source.replace(/\\/g, '/');
  const rules: [RegExp, string][] = [
    [/simulator\/src\/solver\//, 'simulator/solver'],
    [/simulator\/src\/interp\//, 'simulator/interp'],
    [/simulator\/src\/models\//, 'simulator/models'],
    [/simulator\/src\//, 'simulator/other'],
    [/server\/src\/analysis\/frontend\//, 'frontend'],
    [/server\/src\/analysis\/ingest\//, 'ingest'],
    [/server\/src\/analysis\/checks\//, 'checks'],
    [/server\/src\/analysis\/simulate\//, 'analysis/simulate'],
    [/server\/src\/analysis\//, 'analysis/other'],
    [/server\/src\/cli\//, 'cli'],
    [/web-tree-sitter|tree-sitter/, 'web-tree-sitter (parse, wasm)'],
    [/node_modules\//, 'other dependencies'],
    [/^node:|^internal\//, 'node internals'],
    [/^\(|^$/, 'vm / gc / idle'],
  ];
  for (const [re, name] of rules) if (re.test(s)) return name;
  return 'other';
}

function sourceMapper(root: string): (f: CallFrame) => string {
  const maps = new Map<string, SourceMap | null>();
  return (f) => {
    if (!f.url.startsWith('file://')) return f.url || `(${f.functionName || 'program'})`;
    const file = new URL(f.url).pathname;
    if (!maps.has(file)) {
      try {
        maps.set(file, new SourceMap(JSON.parse(readFileSync(file + '.map', 'utf8'))));
      } catch {
        maps.set(file, null);
      }
    }
    const map = maps.get(file);
    const entry = map?.findEntry(f.lineNumber, f.columnNumber) as { originalSource?: string; originalLine?: number } | undefined;
    if (entry?.originalSource) {
      const rel = entry.originalSource.replace(/^file:\/\//, '').replace(/^(\.\.\/)+/, '');
      return `${path.relative(root, path.resolve(root, rel)).replace(/^(\.\.\/)+/, '')}:${(entry.originalLine ?? 0) + 1}`;
    }
    return path.relative(root, file);
  };
}

export function summariseProfile(profile: CpuProfile, root: string, command: string, top = 15): ProfileSummary {
  const selfUs = new Map<number, number>();
  profile.samples.forEach((id, i) => selfUs.set(id, (selfUs.get(id) ?? 0) + (profile.timeDeltas[i] ?? 0)));
  const locate = sourceMapper(root);
  const byFn = new Map<string, { name: string; source: string; us: number }>();
  const byArea = new Map<string, number>();
  let total = 0;
  for (const n of profile.nodes) {
    const us = selfUs.get(n.id) ?? 0;
    if (!us) continue;
    total += us;
    const source = locate(n.callFrame);
    const name = n.callFrame.functionName || '(anonymous)';
    const file = source.replace(/:\d+$/, '');
    const key = `${name}@${file}`;
    const e = byFn.get(key) ?? { name, source, us: 0 };
    e.us += us;
    byFn.set(key, e);
    const area = areaOf(source);
    byArea.set(area, (byArea.get(area) ?? 0) + us);
  }
  const functions = [...byFn.values()].sort((a, b) => b.us - a.us).slice(0, top)
    .map((e) => ({ name: e.name, source: e.source, selfMs: e.us / 1000, share: e.us / total }));
  const areas = [...byArea].sort((a, b) => b[1] - a[1]).map(([area, us]) => ({ area, selfMs: us / 1000, share: us / total }));
  return { command, totalMs: total / 1000, functions, areas };
}

/** Runs `node --cpu-prof bin/mmreview.js ARGS` once and summarises the profile it writes. */
export function profileCli(root: string, args: string[]): ProfileSummary | { error: string } {
  const dir = mkdtempSync(path.join(os.tmpdir(), 'mmreview-prof-'));
  try {
    const res = spawnSync(process.execPath, ['--cpu-prof', '--cpu-prof-dir', dir, '--cpu-prof-interval', '200', path.join(root, 'bin/mmreview.js'), ...args], { cwd: root, encoding: 'utf8', maxBuffer: 64 * 1024 * 1024 });
    const file = readdirSync(dir).find((f) => f.endsWith('.cpuprofile'));
    if (!file) return { error: `no profile written (exit ${res.status}): ${res.stderr?.slice(0, 500)}` };
    const profile = JSON.parse(readFileSync(path.join(dir, file), 'utf8')) as CpuProfile;
    return summariseProfile(profile, root, `node --cpu-prof bin/mmreview.js ${args.map((a) => path.basename(a)).join(' ')}`);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}
