import { drizzle } from 'drizzle-orm/node-postgres';
import pg from 'pg';
import { pino } from 'pino';
import type { Config } from '../lib/config.js';
import { redactUrl, type Database, type OpenDatabase } from './database.js';
import { runtimeLoginProblem } from './check-runtime-login.js';
import { LOCAL_POSTGRES, resolveDatabaseTarget, type LocalPostgres } from './database-target.js';
import { migrateAsOwner, migrateDatabase } from './migrate.js';
import { openPglite } from './open-pglite.js';
import * as schema from './schema/index.js';

/** The part of a pino logger openDatabase uses. */
export interface DebugLogger {
  debug(obj: object, msg: string): void;
  warn(obj: object, msg: string): void;
}

export interface OpenDatabaseOptions {
  /**
   * Apply pending migrations on open, as the owner (DATABASE_OWNER_URL, or the local server's `postgres`),
   * which also makes the app's login exist. Default: yes for the local server and PGlite (created and
   * migrated on first use), no with DATABASE_URL (production migrates as a deploy step: `imagefactory
   * migrate`). With DATABASE_URL but no DATABASE_OWNER_URL there is no owner to migrate as: not migrated.
   */
  migrate?: boolean;
  /** The local server's logins tried when DATABASE_URL is unset. */
  local?: LocalPostgres;
  /** Default: a pino logger at config.logLevel writing to stderr. */
  logger?: DebugLogger;
}

/**
 * Opens the database: DATABASE_URL through a node-postgres pool; else the local Postgres server as its
 * `imagefactory` login (the database created and migrated as `postgres` if missing); else embedded Postgres
 * (PGlite) in `<dataDir>/pglite`. Both drivers give the same `Database` type, same migrations, same RLS and
 * triggers. On Postgres, the login is checked once: a superuser, a BYPASSRLS login or an owner of the tables
 * is refused with a sentence naming DATABASE_URL. PGlite is one process running as its own superuser, which
 * switches to imagefactory_app per transaction (SET ROLE): there is no other login to connect as.
 */
export async function openDatabase(
  config: Pick<Config, 'databaseUrl' | 'databaseOwnerUrl' | 'dataDir' | 'logLevel'>,
  opts: OpenDatabaseOptions = {},
): Promise<OpenDatabase> {
  const logger = opts.logger ?? pino({ name: 'db', level: config.logLevel }, pino.destination(2));
  const target = await resolveDatabaseTarget(config, opts.local ?? LOCAL_POSTGRES);
  if (target.kind === 'postgres') {
    const location = redactUrl(target.url);
    logger.debug({ kind: 'postgres', location }, `database: Postgres at ${location} (${target.why})`);
    if (opts.migrate ?? !target.explicit) {
      if (target.ownerUrl === undefined) {
        logger.debug({ location }, 'database: not migrated: DATABASE_OWNER_URL is not set (migrations run as the owner)');
      } else {
        const migrated = await migrateAsOwner(target.ownerUrl, target.url);
        if (!migrated.ok) throw new Error(migrated.problem);
        logger.debug({ location }, `database: ${migrated.message} (as ${migrated.owner}; runtime login ${migrated.runtime.login} ${migrated.runtime.status})`);
      }
    }
    const pool = new pg.Pool({ connectionString: target.url, max: 10 });
    // The error's own words (and code); never the client object a pool error carries.
    pool.on('error', (err: Error & { code?: string }) => logger.warn({ err: { message: err.message, code: err.code, stack: err.stack } }, 'database: a connection to Postgres was lost'));
    let problem: string | undefined;
    try {
      problem = await runtimeLoginProblem(pool);
    } catch (err) {
      await pool.end();
      throw new Error(`cannot connect to Postgres at ${location} (DATABASE_URL): ${(err as Error).message || (err as { code?: string }).code || String(err)}`, { cause: err });
    }
    if (problem) {
      await pool.end();
      throw new Error(problem);
    }
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
