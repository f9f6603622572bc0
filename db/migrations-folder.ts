import { existsSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const here = path.dirname(fileURLToPath(import.meta.url));

/**
 * The committed SQL migrations (db/migrations). Found next to this file when running from source, and in
 * the checkout's db/ when running the compiled code from dist/db (tsc does not copy SQL files).
 */
export function migrationsFolder(): string {
  const candidates = [path.join(here, 'migrations'), path.resolve(here, '..', '..', 'db', 'migrations')];
  const found = candidates.find((dir) => existsSync(path.join(dir, 'meta', '_journal.json')));
  if (!found) throw new Error(`database migrations not found: looked in ${candidates.join(' and ')}`);
  return found;
}

export interface MigrationEntry {
  tag: string;
  when: number;
}

/** The migrations drizzle-kit recorded in meta/_journal.json, oldest first. */
export async function migrationJournal(folder = migrationsFolder()): Promise<MigrationEntry[]> {
  const { readFile } = await import('node:fs/promises');
  const journal = JSON.parse(await readFile(path.join(folder, 'meta', '_journal.json'), 'utf8')) as { entries: MigrationEntry[] };
  return journal.entries.map(({ tag, when }) => ({ tag, when }));
}
