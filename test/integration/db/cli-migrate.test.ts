import { afterAll, describe, expect, it } from '@jest/globals';
import { Command } from 'commander';
import { register, runMigrate } from '../../../cli/commands/migrate.js';
import { bufferIo } from '../../../cli/io.js';
import { createTestDatabase, type TestDatabase } from '../../helpers/test-database.js';

const created: TestDatabase[] = [];
afterAll(async () => {
  await Promise.all(created.map((d) => d.drop()));
});

describe('imagefactory migrate', () => {
  it('creates and migrates the database DATABASE_URL names, then says it is up to date', async () => {
    const fresh = await createTestDatabase('cli_migrate', { create: false });
    created.push(fresh);
    const env = { ...process.env, DATABASE_URL: fresh.url };

    const first = bufferIo();
    expect(await runMigrate({}, first, env)).toBe(0);
    expect(first.stdout).toBe(`applied 2 migrations (latest 0001_rls_and_audit) (${fresh.url})\n`);

    const second = bufferIo();
    expect(await runMigrate({}, second, env)).toBe(0);
    expect(second.stdout).toMatch(/^database up to date \(/);
  });

  it('exits 1 with the reason when the database cannot be reached', async () => {
    const io = bufferIo();
    expect(await runMigrate({}, io, { ...process.env, DATABASE_URL: 'postgres://postgres:secret@127.0.0.1:1/x' })).toBe(1);
    expect(io.stderr).toMatch(/^imagefactory migrate: cannot connect to Postgres at postgres:\/\/postgres:\*\*\*@127\.0\.0\.1:1\/x: /);
    expect(io.stderr).not.toContain('secret');
  });

  it('explains itself in --help', async () => {
    const io = bufferIo();
    const program = new Command('imagefactory').exitOverride().configureOutput({ writeOut: (s) => io.out(s), writeErr: (s) => io.err(s) });
    register(program, io);
    await expect(program.parseAsync(['node', 'imagefactory', 'migrate', '--help'])).rejects.toMatchObject({ exitCode: 0 });
    expect(io.stdout).toContain('Apply the database migrations');
    expect(io.stdout).toContain('DATABASE_URL');
    expect(io.stdout).toContain('PGlite');
  });
});
