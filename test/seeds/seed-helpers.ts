// Access to the five seed threads in ../shared/seeds, which the project
// does not copy: tests that need them skip (saying so) when the folder is absent.
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';

export const SEEDS_DIR = path.resolve(process.cwd(), '..', 'shared', 'seeds');

export function seedText(prefix: string): string | undefined {
  if (!existsSync(SEEDS_DIR)) return undefined;
  const name = readdirSync(SEEDS_DIR).find((n) => n.startsWith(prefix));
  return name ? readFileSync(path.join(SEEDS_DIR, name), 'utf8') : undefined;
}
