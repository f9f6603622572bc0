import { sql } from 'drizzle-orm';
import { rowsOf, type Database } from './database.js';

/**
 * Runs `fn` only in the one process that holds a named lock of the whole database (a transaction advisory
 * lock, let go when `fn` ends): a periodic job several processes run (the redelivery sweep of every bot) runs
 * one at a time. Returns undefined when another process holds it.
 */
export async function withExclusiveJob<T>(db: Database, name: string, fn: () => Promise<T>): Promise<T | undefined> {
  return db.transaction(async (tx) => {
    const [row] = rowsOf<{ got: boolean }>(await tx.execute(sql`SELECT pg_try_advisory_xact_lock(hashtextextended(${`imagefactory.job:${name}`}, 0)) AS got`));
    return row?.got ? fn() : undefined;
  });
}
