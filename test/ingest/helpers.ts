// Shared helpers for the ingest tests: where the fixtures and seeds live, and
// a walk over every extracted line.
import { existsSync, readdirSync } from 'node:fs';
import path from 'node:path';
import type { PatchLine, PatchSet, Hunk, FileDiff } from '../../server/src/analysis/ingest/types.js';

export const FIXTURES = path.resolve(process.cwd(), 'test', 'fixtures', 'ingest');
export const SEEDS = path.resolve(process.cwd(), '..', 'shared', 'seeds');

/** The fixture inputs (every file but the .expected outlines), sorted. */
export function fixtureInputs(): string[] {
  return readdirSync(FIXTURES)
    .filter((n) => /\.(patch|mbox|eml|txt)$/.test(n))
    .sort()
    .map((n) => path.join(FIXTURES, n));
}

/** Seed files, or null when ../shared/seeds is not beside this checkout. */
export function seedFiles(): string[] | null {
  if (!existsSync(SEEDS)) return null;
  return readdirSync(SEEDS).sort().map((n) => path.join(SEEDS, n));
}

export function allFiles(set: PatchSet): FileDiff[] {
  return set.messages.flatMap((m) => m.patches.flatMap((p) => p.files));
}

export function allHunks(set: PatchSet): Hunk[] {
  return allFiles(set).flatMap((f) => f.hunks);
}

export function allLines(set: PatchSet): PatchLine[] {
  return allHunks(set).flatMap((h) => h.lines);
}

/** Every span-exactness violation in a patch set, as readable strings. */
export function spanErrors(text: string, set: PatchSet): string[] {
  const errors: string[] = [];
  for (const line of allLines(set)) {
    if (line.exact && text.slice(line.span.start, line.span.end) !== line.text) {
      errors.push(`line ${line.line + 1}: ${JSON.stringify(text.slice(line.span.start, line.span.end))} !== ${JSON.stringify(line.text)}`);
    }
    if (line.exact && !text.slice(line.lineSpan.start, line.lineSpan.end).endsWith(line.text)) {
      errors.push(`line ${line.line + 1}: lineSpan does not end with the text`);
    }
    for (const c of line.comments) {
      if (text.slice(c.span.start, c.span.end) !== c.text && line.exact) errors.push(`comment at ${c.span.start} is not exact`);
    }
  }
  return errors;
}
