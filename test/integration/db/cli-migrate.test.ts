import { afterAll, describe, expect, it } from '@jest/globals';
import { Command } from 'commander';
import pg from 'pg';
import { register, runMigrate } from '../../../cli/commands/migrate.js';
import { bufferIo } from '../../../cli/io.js';
import { createTestDatabase, type TestDatabase } from '../../helpers/test-database.js';

const created: TestDatabase[] = [];
const roles: string[] = [];
afterAll(async () => {
  await Promise.all(created.map((d) => d.drop()));
  const admin = new pg.Client({ connectionString: 'postgres://postgres@127.0.0.1:5432/postgres' });
  await admin.connect();
  try {
    for (const role of roles) await admin.query(`DROP ROLE IF EXISTS ${role}`);
  } finally {
    await admin.end();
  }
});

async function asOwner(database: TestDatabase, statement: string): Promise<unknown[]> {
  const owner = new pg.Client({ connectionString: database.ownerUrl });
  await owner.connect();
  try {
    return (await owner.query(statement)).rows;
  } finally {
    await owner.end();
  }
}

async function fresh(label: string): Promise<TestDatabase> {
  const database = await createTestDatabase(label, { create: false });
  created.push(database);
  return database;
}

describe('imagefactory migrate', () => {
  it('creates and migrates the database as the owner, ensures the runtime login, then says both are up to date', async () => {
    const database = await fresh('cli_migrate');
    const env = { ...process.env, DATABASE_URL: database.url, DATABASE_OWNER_URL: database.ownerUrl };

    const first = bufferIo();
    expect(await runMigrate({}, first, env)).toBe(0);
    const [migrated, runtime] = first.stdout.trimEnd().split('\n');
    expect(migrated).toMatch(/^applied \d+ migrations \(latest \d{4}_\w+\), as postgres \(DATABASE_OWNER_URL postgres:\/\/postgres@127\.0\.0\.1:5432\/imagefactory_test_\w+\)$/);
    // The login is shared by the server's databases (an earlier one may have made it); this database grants it CONNECT.
    expect(runtime).toMatch(
      /^runtime login imagefactory (created|updated \(granted CONNECT on imagefactory_test_\w+\)) \(DATABASE_URL postgres:\/\/imagefactory@127\.0\.0\.1:5432\/imagefactory_test_\w+\): LOGIN NOSUPERUSER NOBYPASSRLS NOCREATEDB NOCREATEROLE, member of imagefactory_app, CONNECT on imagefactory_test_\w+$/,
    );

    const second = bufferIo();
    expect(await runMigrate({}, second, env)).toBe(0);
    expect(second.stdout).toMatch(/^database up to date, as postgres \(.*\)\nruntime login imagefactory unchanged \(/);
  });

  it('makes a new login with the URL\'s password and least privilege', async () => {
    const database = await fresh('cli_migrate_pw');
    const login = `imagefactory_pw_${process.pid}`;
    roles.push(login);
    const url = new URL(database.url);
    url.username = login;
    url.password = 's3cret';
    const io = bufferIo();
    expect(await runMigrate({}, io, { ...process.env, DATABASE_URL: url.toString(), DATABASE_OWNER_URL: database.ownerUrl })).toBe(0);
    expect(io.stdout).toContain(`runtime login ${login} created (DATABASE_URL postgres://${login}:***@127.0.0.1:5432/`);
    expect(io.stdout).toContain(', password from DATABASE_URL');
    expect(io.stdout).not.toContain('s3cret');
    const owner = new pg.Client({ connectionString: database.ownerUrl });
    await owner.connect();
    try {
      const { rows } = await owner.query(
        `SELECT rolcanlogin, rolsuper, rolbypassrls, rolcreatedb, rolcreaterole, rolpassword IS NOT NULL AS has_password,
                pg_has_role(rolname, 'imagefactory_app', 'MEMBER') AS member,
                has_database_privilege(rolname, current_database(), 'CONNECT') AS can_connect
         FROM pg_authid WHERE rolname = $1`,
        [login],
      );
      expect(rows).toEqual([{ rolcanlogin: true, rolsuper: false, rolbypassrls: false, rolcreatedb: false, rolcreaterole: false, has_password: true, member: true, can_connect: true }]);
    } finally {
      await owner.end();
    }
  });

  it('refuses a DATABASE_URL naming the owner or a superuser, before migrating anything', async () => {
    const database = await createTestDatabase('cli_migrate_refuse', { migrate: false });
    created.push(database);
    const io = bufferIo();
    expect(await runMigrate({}, io, { ...process.env, DATABASE_URL: database.ownerUrl, DATABASE_OWNER_URL: database.ownerUrl })).toBe(1);
    expect(io.stderr).toBe(
      'imagefactory migrate: refused: DATABASE_URL connects as postgres, the login of DATABASE_OWNER_URL that owns the tables: the app needs a login of its own (for example imagefactory), which `imagefactory migrate` creates\n',
    );
    const login = `imagefactory_su_${process.pid}`;
    roles.push(login);
    await asOwner(database, `CREATE ROLE ${login} LOGIN SUPERUSER`);
    const superuser = new URL(database.url);
    superuser.username = login;
    const su = bufferIo();
    expect(await runMigrate({}, su, { ...process.env, DATABASE_URL: superuser.toString(), DATABASE_OWNER_URL: database.ownerUrl })).toBe(1);
    expect(su.stderr).toMatch(new RegExp(`^imagefactory migrate: refused: DATABASE_URL connects as ${login}, a superuser: the app must connect as a login that is neither superuser`));
    expect(await asOwner(database, "SELECT to_regclass('public.audit_events') AS t")).toEqual([{ t: null }]);
  });

  it('refuses to migrate without DATABASE_OWNER_URL when DATABASE_URL is set, naming it (exit 2)', async () => {
    const database = await fresh('cli_migrate_no_owner');
    const io = bufferIo();
    expect(await runMigrate({}, io, { ...process.env, DATABASE_URL: database.url, DATABASE_OWNER_URL: undefined })).toBe(2);
    expect(io.stderr).toMatch(/^imagefactory migrate: DATABASE_OWNER_URL is not set: migrations run as the tables' owner/);
  });

  it('exits 1 with the reason when the database cannot be reached', async () => {
    const io = bufferIo();
    const env = { ...process.env, DATABASE_URL: 'postgres://imagefactory@127.0.0.1:1/x', DATABASE_OWNER_URL: 'postgres://postgres:secret@127.0.0.1:1/x' };
    expect(await runMigrate({}, io, env)).toBe(1);
    expect(io.stderr).toMatch(/^imagefactory migrate: cannot connect to Postgres at postgres:\/\/postgres:\*\*\*@127\.0\.0\.1:1\/x: /);
    expect(io.stderr).not.toContain('secret');
  });

  it('explains itself in --help: which login migrates and which runtime login it ensures', async () => {
    const io = bufferIo();
    const program = new Command('imagefactory').exitOverride().configureOutput({ writeOut: (s) => io.out(s), writeErr: (s) => io.err(s) });
    register(program, io);
    await expect(program.parseAsync(['node', 'imagefactory', 'migrate', '--help'])).rejects.toMatchObject({ exitCode: 0 });
    for (const text of ['Apply the database migrations', 'DATABASE_OWNER_URL', 'DATABASE_URL', 'LOGIN NOSUPERUSER NOBYPASSRLS NOCREATEDB NOCREATEROLE', 'PGlite', 'runtime login']) {
      expect(io.stdout).toContain(text);
    }
  });
});
