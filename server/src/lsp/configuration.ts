/**
 * Reads the `mmreview` settings from the client (pulled with
 * workspace/configuration when the client supports it, else taken from the
 * didChangeConfiguration push) and validates them through the one schema.
 */
import type { Connection } from 'vscode-languageserver';
import type { ClientFeatures } from './client-features.js';
import type { Logger } from './safe-handler.js';
import { SECTION, validate, type Settings } from './settings-schema.js';

export async function fetchSettings(
  connection: Connection, features: ClientFeatures, log: Logger, pushed?: unknown,
): Promise<Settings> {
  const raw = features.configuration ? await connection.workspace.getConfiguration(SECTION) : sectionOf(pushed);
  const { settings, errors } = validate(raw ?? {});
  for (const error of errors) log.warn(`mmreview: invalid setting: ${error}`);
  return settings;
}

/** didChangeConfiguration carries every section, or (some clients) just ours. */
function sectionOf(pushed: unknown): unknown {
  if (typeof pushed !== 'object' || pushed === null) return undefined;
  const record = pushed as Record<string, unknown>;
  return SECTION in record ? record[SECTION] : record;
}
