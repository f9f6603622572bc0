import { drizzle } from 'drizzle-orm/node-postgres';
import pg from 'pg';
import { pino } from 'pino';
import type { Config } from '../lib/config.js';
import { redactUrl, type Database, type OpenDatabase } from './database.js';
import { LOCAL_POSTGRES_URL, resolveDatabaseTarget } from './database-target.js';
import { migrateDatabase } from './migrate.js';
import { openPglite } from './open-pglite.js';
import * as schema from './schema/index.js';

/** The part of a pino logger openDatabase uses. */
export interface DebugLogger {
  debug(obj: object, msg: string): void;
  warn(obj: object, msg: string): void;
}

export interface OpenDatabaseOptions {
  /**
   * Apply pending migrations on open. Default: yes for the local server and PGlite (created and migrated on
   * first use), no with DATABASE_URL (production migrates as a deploy step: `imagefactory migrate`).
   */
  migrate?: boolean;
  /** The local server tried when DATABASE_URL is unset. */
  localPostgresUrl?: string;
  /** Default: a pino logger at config.logLevel writing to stderr. */
  logger?: DebugLogger;
}

/**
 * Opens the database: DATABASE_URL through a node-postgres pool; else the local Postgres server
 * (postgres://postgres@127.0.0.1:5432/imagefactory, created if missing); else embedded Postgres (PGlite)
 * in `<dataDir>/pglite`. Both drivers give the same `Database` type, same migrations, same RLS and triggers.
 */
export async function openDatabase(
  config: Pick<Config, 'databaseUrl' | 'dataDir' | 'logLevel'>,
  opts: OpenDatabaseOptions = {},
): Promise<OpenDatabase> {
  const logger = opts.logger ?? pino({ name: 'db', level: config.logLevel }, pino.destination(2));
  const target = await resolveDatabaseTarget(config, opts.localPostgresUrl ?? LOCAL_POSTGRES_URL);
  if (target.kind === 'postgres') {
    const location = redactUrl(target.url);
    logger.debug({ kind: 'postgres', location }, `database: Postgres at ${location} (${target.why})`);
    if (opts.migrate ?? !target.explicit) {
      const message = await migrateDatabase({ databaseUrl: target.url });
      logger.debug({ location }, `database: ${message}`);
    }
    const pool = new pg.Pool({ connectionString: target.url, max: 10 });
    pool.on('error', (err) => logger.warn({ err }, 'database: idle connection failed'));
    const db: Database = drizzle({ client: pool, schema });
    return { db, kind: 'postgres', location, close: () => pool.end() };
  }
  logger.debug({ kind: 'pglite', location: target.dir }, `database: embedded Postgres (PGlite) in ${target.dir} (${target.why})`);
  const opened = await openPglite(target.dir);
  try {
    if (opts.migrate ?? true) {
      const message = await migrateDatabase({ db: opened.db });
      logger.debug({ location: target.dir }, `database: ${message}`);
    }
  } catch (err) {
    await opened.close();
    throw err;
  }
  return opened;
}
