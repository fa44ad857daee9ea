/**
 * The one place the `mmreview.*` settings are defined: keys, types, defaults,
 * descriptions, and the validation every client's raw configuration goes
 * through. package.json's `contributes.configuration` must say the same (a
 * test compares them), so the editor UI and the server never drift apart.
 */

export type RuleLevel = 'off' | 'hint' | 'info' | 'warning' | 'error';
export const RULE_LEVELS: readonly RuleLevel[] = ['off', 'hint', 'info', 'warning', 'error'];

export interface Settings {
  kernelTree: string;
  rules: Record<string, RuleLevel>;
  scenario: string;
  budgets: { steps: number; paths: number };
  maxDocumentSize: number;
  debounceMs: number;
}

export type SettingType = 'string' | 'integer' | 'object';

export interface SettingSpec {
  /** Dotted key below `mmreview.`, e.g. `budgets.steps`. */
  key: string;
  type: SettingType;
  default: string | number | Record<string, never>;
  description: string;
  minimum?: number;
  maximum?: number;
  /** For objects: the values each property may take. */
  valueEnum?: readonly string[];
}

export const SECTION = 'mmreview';

export const SETTINGS_SPEC: readonly SettingSpec[] = [
  {
    key: 'kernelTree', type: 'string', default: '',
    description: 'Path of a Linux kernel source tree used to complete partial functions. Empty: use a workspace folder that contains mm/hugetlb.c, if any.',
  },
  {
    key: 'rules', type: 'object', default: {}, valueEnum: RULE_LEVELS,
    description: 'Severity per rule id, e.g. {"mm/bug-on-reachable": "off"}. Values: off, hint, info, warning, error.',
  },
  {
    key: 'scenario', type: 'string', default: 'auto',
    description: 'Scenario the changed functions are simulated in; "auto" runs every scenario that applies.',
  },
  {
    key: 'budgets.steps', type: 'integer', default: 100_000, minimum: 1, maximum: 100_000_000,
    description: 'Maximum interpreter steps per simulated function; past it the result is marked incomplete.',
  },
  {
    key: 'budgets.paths', type: 'integer', default: 256, minimum: 1, maximum: 1_000_000,
    description: 'Maximum paths explored per simulated function; past it the result is marked incomplete.',
  },
  {
    key: 'maxDocumentSize', type: 'integer', default: 5 * 1024 * 1024, minimum: 1024, maximum: 1024 * 1024 * 1024,
    description: 'Documents larger than this many bytes are not analysed (one informational diagnostic says so).',
  },
  {
    key: 'debounceMs', type: 'integer', default: 150, minimum: 0, maximum: 10_000,
    description: 'Delay in milliseconds after the last edit before the document is analysed again.',
  },
];

export interface ValidationResult {
  settings: Settings;
  /** One readable line per rejected value; the default was used instead. */
  errors: string[];
}

/**
 * Turns whatever a client sent for the `mmreview` section (nested objects as
 * VS Code sends them, or flat dotted keys) into complete Settings.
 */
export function validate(raw: unknown): ValidationResult {
  const errors: string[] = [];
  const source = isRecord(raw) ? raw : {};
  if (raw !== undefined && raw !== null && !isRecord(raw)) errors.push(`${SECTION}: expected an object, got ${describe(raw)}`);
  const values = new Map<string, unknown>();
  for (const spec of SETTINGS_SPEC) {
    const value = lookup(source, spec.key);
    values.set(spec.key, value === undefined ? cloneDefault(spec) : checkValue(spec, value, errors));
  }
  return { settings: assemble(values), errors };
}

export function defaultSettings(): Settings {
  return validate({}).settings;
}

function checkValue(spec: SettingSpec, value: unknown, errors: string[]): unknown {
  const problem = spec.type === 'object' ? checkObject(spec, value) : checkScalar(spec, value);
  if (problem === undefined) return spec.type === 'object' ? { ...(value as object) } : value;
  errors.push(`${SECTION}.${spec.key}: ${problem}; using ${JSON.stringify(spec.default)}`);
  return cloneDefault(spec);
}

function checkScalar(spec: SettingSpec, value: unknown): string | undefined {
  if (spec.type === 'string') return typeof value === 'string' ? undefined : `expected a string, got ${describe(value)}`;
  if (typeof value !== 'number' || !Number.isInteger(value)) return `expected an integer, got ${describe(value)}`;
  if (spec.minimum !== undefined && value < spec.minimum) return `must be at least ${spec.minimum}, got ${value}`;
  if (spec.maximum !== undefined && value > spec.maximum) return `must be at most ${spec.maximum}, got ${value}`;
  return undefined;
}

function checkObject(spec: SettingSpec, value: unknown): string | undefined {
  if (!isRecord(value)) return `expected an object, got ${describe(value)}`;
  for (const [key, v] of Object.entries(value)) {
    if (spec.valueEnum && !(typeof v === 'string' && spec.valueEnum.includes(v))) {
      return `"${key}" must be one of ${spec.valueEnum.join(', ')}, got ${describe(v)}`;
    }
  }
  return undefined;
}

function assemble(values: Map<string, unknown>): Settings {
  return {
    kernelTree: values.get('kernelTree') as string,
    rules: values.get('rules') as Record<string, RuleLevel>,
    scenario: values.get('scenario') as string,
    budgets: { steps: values.get('budgets.steps') as number, paths: values.get('budgets.paths') as number },
    maxDocumentSize: values.get('maxDocumentSize') as number,
    debounceMs: values.get('debounceMs') as number,
  };
}

/** Finds `a.b` as source.a.b or as a flat `a.b` key. */
function lookup(source: Record<string, unknown>, dotted: string): unknown {
  if (dotted in source) return source[dotted];
  let node: unknown = source;
  for (const part of dotted.split('.')) {
    if (!isRecord(node)) return undefined;
    node = node[part];
  }
  return node;
}

function cloneDefault(spec: SettingSpec): unknown {
  return typeof spec.default === 'object' ? { ...spec.default } : spec.default;
}

function isRecord(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

function describe(v: unknown): string {
  if (v === null) return 'null';
  if (Array.isArray(v)) return 'an array';
  return typeof v === 'string' ? JSON.stringify(v) : `${typeof v} ${String(v)}`;
}

/** The `contributes.configuration.properties` entries package.json must carry. */
export function manifestProperties(): Record<string, Record<string, unknown>> {
  const out: Record<string, Record<string, unknown>> = {};
  for (const spec of SETTINGS_SPEC) {
    const entry: Record<string, unknown> = { type: spec.type, default: spec.default, description: spec.description };
    if (spec.minimum !== undefined) entry.minimum = spec.minimum;
    if (spec.maximum !== undefined) entry.maximum = spec.maximum;
    if (spec.valueEnum) entry.additionalProperties = { type: 'string', enum: [...spec.valueEnum] };
    out[`${SECTION}.${spec.key}`] = entry;
  }
  return out;
}
