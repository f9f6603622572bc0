import type { Command } from 'commander';
import { loadConfig } from '../../lib/config.js';
import { databaseError, redactUrl } from '../../db/database.js';
import { resolveDatabaseTarget } from '../../db/database-target.js';
import { migrateDatabase } from '../../db/migrate.js';
import { openPglite } from '../../db/open-pglite.js';
import type { Io } from '../io.js';

type Env = Record<string, string | undefined>;

/**
 * `imagefactory migrate`: applies the committed migrations to the configured database (creating it when
 * it does not exist). Prints one line; exit 0 when the database is up to date afterwards, 1 on failure.
 */
export async function runMigrate(_args: Record<string, never>, io: Io, env: Env = process.env): Promise<number> {
  const config = loadConfig(env);
  try {
    const target = await resolveDatabaseTarget(config);
    if (target.kind === 'postgres') {
      const message = await migrateDatabase({ databaseUrl: target.url });
      io.out(`${message} (${redactUrl(target.url)})`);
      return 0;
    }
    const opened = await openPglite(target.dir);
    try {
      const message = await migrateDatabase({ db: opened.db });
      io.out(`${message} (embedded Postgres in ${target.dir})`);
      return 0;
    } finally {
      await opened.close();
    }
  } catch (err) {
    io.err(`imagefactory migrate: ${databaseError(err).message}`);
    return 1;
  }
}

export function register(program: Command, io: Io): void {
  program
    .command('migrate')
    .description('Apply the database migrations (creates the database if it does not exist).')
    .addHelpText(
      'after',
      `
Which database: DATABASE_URL when set; else the local Postgres at 127.0.0.1:5432 (database
"imagefactory"); else embedded Postgres (PGlite) in $IMAGEFACTORY_DATA/pglite.
Prints "database up to date" or "applied N migrations (latest TAG)". Safe to run again, and from
several processes at once. Exit status: 0 done, 1 failed.

Examples:
  imagefactory migrate
  DATABASE_URL=postgres://imagefactory@db:5432/imagefactory imagefactory migrate`,
    )
    .action(async () => {
      process.exitCode = await runMigrate({}, io);
    });
}
