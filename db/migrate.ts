import { is, sql } from 'drizzle-orm';
import { drizzle as drizzleNodePg, type NodePgDatabase } from 'drizzle-orm/node-postgres';
import { migrate as migrateNodePg } from 'drizzle-orm/node-postgres/migrator';
import { PgliteDatabase } from 'drizzle-orm/pglite';
import { migrate as migratePglite } from 'drizzle-orm/pglite/migrator';
import type pg from 'pg';
import { rowsOf, type Database } from './database.js';
import { connectCreatingDatabase } from './ensure-database.js';
import { ensureRuntimeLogin, runtimeLoginRefusal, type RuntimeLoginOutcome } from './ensure-runtime-login.js';
import { migrationJournal, migrationsFolder } from './migrations-folder.js';
import * as schema from './schema/index.js';

/** Serializes migrations of one database across processes (a bot and a worker starting together). */
const MIGRATION_LOCK_KEY = 4_242_017_001;

export type MigrateTarget = { databaseUrl: string } | { db: Database };

/**
 * Applies the committed migrations in db/migrations with drizzle's migrator (node-postgres or PGlite: the
 * same folder). Given a URL, it creates the database when it does not exist yet and holds an advisory lock
 * while migrating. Returns one line: `database up to date`, or `applied N migrations (latest TAG)`.
 */
export async function migrateDatabase(target: MigrateTarget): Promise<string> {
  if ('db' in target) return migrateWith(target.db);
  return withMigrationLock(target.databaseUrl, (client) => migrateWith(drizzleNodePg({ client, schema })));
}

export type OwnerMigration =
  | { ok: true; message: string; owner: string; runtime: Extract<RuntimeLoginOutcome, { ok: true }> }
  | { ok: false; problem: string };

/**
 * Migrates as the tables' owner (DATABASE_OWNER_URL) and makes the app's login (DATABASE_URL) exist with
 * least privilege (see ensureRuntimeLogin). Refuses, before changing anything, a runtime URL that names a
 * superuser or the owner: the refusal is the value returned, naming the variable.
 */
export async function migrateAsOwner(ownerUrl: string, runtimeUrl: string): Promise<OwnerMigration> {
  return withMigrationLock(ownerUrl, async (client) => {
    const refusal = await runtimeLoginRefusal(client, runtimeUrl);
    if (refusal) return { ok: false, problem: refusal };
    const message = await migrateWith(drizzleNodePg({ client, schema }));
    const runtime = await ensureRuntimeLogin(client, runtimeUrl);
    if (!runtime.ok) return runtime;
    const { rows } = await client.query<{ owner: string }>('SELECT current_user AS owner');
    return { ok: true, message, owner: rows[0].owner, runtime };
  });
}

async function withMigrationLock<T>(url: string, fn: (client: pg.Client) => Promise<T>): Promise<T> {
  const client = await connectCreatingDatabase(url);
  try {
    await client.query('SELECT pg_advisory_lock($1)', [MIGRATION_LOCK_KEY]);
    return await fn(client);
  } finally {
    await client.end();
  }
}

async function migrateWith(db: Database): Promise<string> {
  const folder = migrationsFolder();
  const journal = await migrationJournal(folder);
  const before = await appliedMigrations(db);
  const config = { migrationsFolder: folder };
  if (is(db, PgliteDatabase)) await migratePglite(db as PgliteDatabase<typeof schema>, config);
  else await migrateNodePg(db as unknown as NodePgDatabase<typeof schema>, config);
  const after = await appliedMigrations(db);
  const applied = after.count - before.count;
  const newest = journal.at(-1);
  if (applied === 0) {
    if (newest && after.lastWhen > newest.when) {
      return `database up to date (it holds migrations newer than ${newest.tag}: this code is older than the database)`;
    }
    return 'database up to date';
  }
  return `applied ${applied} migration${applied === 1 ? '' : 's'} (latest ${newest?.tag ?? 'none'})`;
}

async function appliedMigrations(db: Database): Promise<{ count: number; lastWhen: number }> {
  const exists = rowsOf<{ t: string | null }>(await db.execute(sql`SELECT to_regclass('drizzle.__drizzle_migrations')::text AS t`));
  if (!exists[0]?.t) return { count: 0, lastWhen: 0 };
  const rows = rowsOf<{ n: number | string; last: number | string | null }>(
    await db.execute(sql`SELECT count(*)::int AS n, max(created_at) AS last FROM drizzle.__drizzle_migrations`),
  );
  return { count: Number(rows[0]?.n ?? 0), lastWhen: Number(rows[0]?.last ?? 0) };
}
