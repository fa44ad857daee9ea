/**
 * `.mmreview.json`, found in the working directory or the nearest parent:
 * per-project rule severities, the scenario and the kernel tree, so a
 * kernel checkout can carry its settings and b4 or CI need no flags.
 *   { "rules": { "mm/hugetlb-walk-unlocked": "off" }, "scenario": "auto", "kernelTree": "." }
 * Command-line options win over the file.
 */
import path from 'node:path';
import type { Severity } from '../analysis/types.js';
import type { CliIo } from './cli-io.js';

export interface ProjectConfig {
  file?: string;
  rules: Map<string, Severity | 'off'>;
  scenario?: string;
  /** Resolved against the directory of the file. */
  kernelTree?: string;
}

const LEVELS = ['off', 'hint', 'info', 'warning', 'error'];

export class ConfigError extends Error {}

async function readText(io: CliIo, file: string): Promise<string | undefined> {
  try {
    return new TextDecoder().decode(await io.readFile(file));
  } catch {
    return undefined;
  }
}

/** Parses and validates one config text; throws ConfigError naming the file and the problem. */
export function parseProjectConfig(text: string, file: string): ProjectConfig {
  let raw: unknown;
  try {
    raw = JSON.parse(text);
  } catch (err) {
    throw new ConfigError(`${file}: not valid JSON (${err instanceof Error ? err.message : String(err)})`);
  }
  if (!raw || typeof raw !== 'object' || Array.isArray(raw)) throw new ConfigError(`${file}: expected a JSON object`);
  const obj = raw as Record<string, unknown>;
  const config: ProjectConfig = { file, rules: new Map() };
  for (const key of Object.keys(obj)) if (!['rules', 'scenario', 'kernelTree', '$schema'].includes(key)) throw new ConfigError(`${file}: unknown key "${key}" (known: rules, scenario, kernelTree)`);
  if (obj.rules !== undefined) {
    if (!obj.rules || typeof obj.rules !== 'object' || Array.isArray(obj.rules)) throw new ConfigError(`${file}: "rules" must be an object of ruleId -> ${LEVELS.join('|')}`);
    for (const [id, level] of Object.entries(obj.rules as Record<string, unknown>)) {
      if (typeof level !== 'string' || !LEVELS.includes(level)) throw new ConfigError(`${file}: rule ${id} has level ${JSON.stringify(level)}; use ${LEVELS.join('|')}`);
      config.rules.set(id, level as Severity | 'off');
    }
  }
  if (obj.scenario !== undefined) {
    if (typeof obj.scenario !== 'string') throw new ConfigError(`${file}: "scenario" must be a string`);
    config.scenario = obj.scenario;
  }
  if (obj.kernelTree !== undefined) {
    if (typeof obj.kernelTree !== 'string') throw new ConfigError(`${file}: "kernelTree" must be a string`);
    config.kernelTree = path.resolve(path.dirname(file), obj.kernelTree);
  }
  return config;
}

/** The nearest .mmreview.json from `cwd` upwards, or an empty config. */
export async function loadProjectConfig(io: CliIo): Promise<ProjectConfig> {
  let dir = path.resolve(io.cwd);
  for (;;) {
    const file = path.join(dir, '.mmreview.json');
    const text = await readText(io, file);
    if (text !== undefined) return parseProjectConfig(text, file);
    const parent = path.dirname(dir);
    if (parent === dir) return { rules: new Map() };
    dir = parent;
  }
}
