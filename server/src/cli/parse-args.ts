/**
 * A small option parser shared by the commands: `--name value`,
 * `--name=value`, boolean flags, repeatable options, `--` and `-` (stdin).
 * Anything unknown is a usage error, so typos never pass silently.
 */
import { UsageError } from './cli-io.js';

export interface OptionSpec {
  /** Takes a value (`--format json`) rather than being a flag (`--json`). */
  value: boolean;
  repeatable?: boolean;
}

export interface ParsedArgs {
  positionals: string[];
  flags: Set<string>;
  values: Map<string, string[]>;
}

export function parseArgs(args: readonly string[], spec: Record<string, OptionSpec>): ParsedArgs {
  const out: ParsedArgs = { positionals: [], flags: new Set(), values: new Map() };
  let onlyPositionals = false;
  for (let i = 0; i < args.length; i++) {
    const arg = args[i];
    if (onlyPositionals || arg === '-' || !arg.startsWith('-')) {
      out.positionals.push(arg);
      continue;
    }
    if (arg === '--') {
      onlyPositionals = true;
      continue;
    }
    const eq = arg.indexOf('=');
    const name = eq > 0 ? arg.slice(0, eq) : arg;
    const opt = spec[name];
    if (!opt) throw new UsageError(`unknown option ${name}`);
    if (!opt.value) {
      if (eq > 0) throw new UsageError(`${name} takes no value`);
      out.flags.add(name);
      continue;
    }
    const value = eq > 0 ? arg.slice(eq + 1) : args[++i];
    if (value === undefined) throw new UsageError(`${name} needs a value`);
    const values = out.values.get(name) ?? [];
    if (values.length > 0 && !opt.repeatable) throw new UsageError(`${name} given more than once`);
    values.push(value);
    out.values.set(name, values);
  }
  return out;
}

/** The single value of an option, checked against its allowed values. */
export function choice<T extends string>(parsed: ParsedArgs, name: string, allowed: readonly T[], fallback: T): T {
  const value = parsed.values.get(name)?.[0];
  if (value === undefined) return fallback;
  if (!(allowed as readonly string[]).includes(value)) throw new UsageError(`${name} must be one of ${allowed.join(', ')} (got ${value})`);
  return value as T;
}
