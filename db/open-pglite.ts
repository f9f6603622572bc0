import { mkdir } from 'node:fs/promises';
import path from 'node:path';
import { PGlite } from '@electric-sql/pglite';
import { drizzle } from 'drizzle-orm/pglite';
import { tryLockFile, type LockHolder } from '../lib/file-lock.js';
import type { OpenDatabase } from './database.js';
import * as schema from './schema/index.js';

/** Another process has the embedded database open: PGlite serves one process at a time. */
export class DatabaseInUseError extends Error {
  /** The command line's exit status for it. */
  readonly exitCode = 2;

  constructor(
    readonly dir: string,
    readonly holder: LockHolder | undefined,
  ) {
    const who = holder ? `process ${holder.pid}${holder.command ? ` (${holder.command})` : ''}` : 'another process';
    super(`The embedded database in ${dir} is in use by ${who}: PGlite serves one process at a time, while a Postgres server (\`npm run setup\` starts one) serves several shells.`);
    this.name = 'DatabaseInUseError';
  }
}

/** The lock file beside a PGlite folder (not in it: PGlite's files are left alone). */
export const pgliteLockFile = (dir: string) => `${path.resolve(dir)}.lock`;

/**
 * Opens (creating when new) an embedded Postgres in `dir` through drizzle's PGlite driver. Not migrated:
 * see openDatabase. One process at a time may open a folder: it holds an exclusive lock on `DIR.lock`
 * until close() (or until it ends, however it ends); a second process is refused with DatabaseInUseError,
 * naming the holder, before anything in the folder is touched.
 */
export async function openPglite(dir: string): Promise<OpenDatabase> {
  await mkdir(path.dirname(path.resolve(dir)), { recursive: true });
  const attempt = tryLockFile(pgliteLockFile(dir));
  if (!attempt.ok) throw new DatabaseInUseError(dir, attempt.holder);
  const { lock } = attempt;
  try {
    await mkdir(dir, { recursive: true });
    const client = await PGlite.create(dir);
    const close = async () => {
      try {
        await client.close();
      } finally {
        lock.release();
      }
    };
    return { db: drizzle({ client, schema }), kind: 'pglite', location: dir, close };
  } catch (err) {
    lock.release();
    throw err;
  }
}
