import type { Command } from 'commander';
import { loadConfig } from '../../lib/config.js';
import { databaseError, redactUrl } from '../../db/database.js';
import { resolveDatabaseTarget } from '../../db/database-target.js';
import { RUNTIME_LOGIN_ATTRIBUTES } from '../../db/ensure-runtime-login.js';
import { migrateAsOwner, migrateDatabase, type OwnerMigration } from '../../db/migrate.js';
import { APP_ROLE } from '../../db/with-tenant.js';
import { openPglite } from '../../db/open-pglite.js';
import type { Io } from '../io.js';
import { failureStatus } from '../failure-status.js';

type Env = Record<string, string | undefined>;

/**
 * `imagefactory migrate`: applies the committed migrations as the tables' owner (DATABASE_OWNER_URL),
 * creating the database when it does not exist, and makes the app's login (DATABASE_URL) exist with least
 * privilege. Prints what it migrated as and which runtime login it ensured; exit 0 done, 1 failed or
 * refused, 2 when the configuration names no owner.
 */
export async function runMigrate(_args: Record<string, never>, io: Io, env: Env = process.env): Promise<number> {
  const config = loadConfig(env);
  try {
    const target = await resolveDatabaseTarget(config);
    if (target.kind === 'postgres') {
      if (target.ownerUrl === undefined) {
        io.err(
          'imagefactory migrate: DATABASE_OWNER_URL is not set: migrations run as the tables\' owner, not as the app\'s login DATABASE_URL names; set DATABASE_OWNER_URL to the owner\'s postgres:// URL',
        );
        return 2;
      }
      const result = await migrateAsOwner(target.ownerUrl, target.url);
      if (!result.ok) {
        io.err(`imagefactory migrate: refused: ${result.problem}`);
        return 1;
      }
      io.out(describeOwnerMigration(result, target.ownerUrl, target.url, target.explicit));
      return 0;
    }
    const opened = await openPglite(target.dir);
    try {
      const message = await migrateDatabase({ db: opened.db });
      io.out(`${message} (embedded Postgres in ${target.dir}: one process, which runs as ${APP_ROLE} with SET ROLE; no runtime login)`);
      return 0;
    } finally {
      await opened.close();
    }
  } catch (err) {
    io.err(`imagefactory migrate: ${databaseError(err).message}`);
    return failureStatus(err);
  }
}

/** Two lines: what was migrated as which login, and the runtime login ensured. */
export function describeOwnerMigration(result: Extract<OwnerMigration, { ok: true }>, ownerUrl: string, runtimeUrl: string, explicit: boolean): string {
  const source = (variable: string, url: string) => `${variable}${explicit ? '' : ' unset: the local default'} ${redactUrl(url)}`;
  const r = result.runtime;
  const what = r.status === 'unchanged' ? 'unchanged' : r.status === 'created' ? 'created' : `updated (${r.changes.join(', ')})`;
  return [
    `${result.message}, as ${result.owner} (${source('DATABASE_OWNER_URL', ownerUrl)})`,
    `runtime login ${r.login} ${what} (${source('DATABASE_URL', runtimeUrl)}): ${RUNTIME_LOGIN_ATTRIBUTES}, member of ${APP_ROLE}, CONNECT on ${r.database}${r.passwordSet ? ', password from DATABASE_URL' : ''}`,
  ].join('\n');
}

export function register(program: Command, io: Io): void {
  program
    .command('migrate')
    .description("Apply the database migrations as the tables' owner, and make the app's least-privileged login exist.")
    .addHelpText(
      'after',
      `
Which database: DATABASE_OWNER_URL (the tables' owner, who migrates) with DATABASE_URL (the app's login)
when set; else the local Postgres at 127.0.0.1:5432 (database "imagefactory"), migrated as "postgres" for
the login "imagefactory"; else embedded Postgres (PGlite) in $IMAGEFACTORY_DATA/pglite, which has no
runtime login (one process switching to ${APP_ROLE} with SET ROLE).

It creates the database if it does not exist, applies the migrations, then makes the login DATABASE_URL
names exist as ${RUNTIME_LOGIN_ATTRIBUTES}, a member of ${APP_ROLE}, with CONNECT on the
database and the URL's password when it has one. It refuses a DATABASE_URL naming a superuser or the owner.
Prints what it migrated as and which runtime login it ensured:
  applied N migrations (latest TAG), as postgres (DATABASE_OWNER_URL postgres://...)
  runtime login imagefactory created (DATABASE_URL postgres://...): LOGIN NOSUPERUSER ...
Safe to run again, and from several processes at once. Exit status: 0 done, 1 failed or refused,
2 DATABASE_OWNER_URL missing while DATABASE_URL is set.

Examples:
  imagefactory migrate
  DATABASE_OWNER_URL=postgres://postgres:secret@db:5432/imagefactory \\
  DATABASE_URL=postgres://imagefactory:secret2@db:5432/imagefactory imagefactory migrate`,
    )
    .action(async () => {
      process.exitCode = await runMigrate({}, io);
    });
}
