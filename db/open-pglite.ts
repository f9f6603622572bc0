import { mkdir } from 'node:fs/promises';
import { PGlite } from '@electric-sql/pglite';
import { drizzle } from 'drizzle-orm/pglite';
import type { OpenDatabase } from './database.js';
import * as schema from './schema/index.js';

/**
 * Opens (creating when new) an embedded Postgres in `dir` through drizzle's PGlite driver. Not migrated:
 * see openDatabase. One process at a time may open a folder.
 */
export async function openPglite(dir: string): Promise<OpenDatabase> {
  await mkdir(dir, { recursive: true });
  const client = await PGlite.create(dir);
  return { db: drizzle({ client, schema }), kind: 'pglite', location: dir, close: () => client.close() };
}
