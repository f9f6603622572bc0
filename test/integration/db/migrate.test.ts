import { afterAll, describe, expect, it } from '@jest/globals';
import pg from 'pg';
import { migrateAsOwner, migrateDatabase } from '../../../db/migrate.js';
import { migrationJournal } from '../../../db/migrations-folder.js';
import { createTestDatabase, type TestDatabase } from '../../helpers/test-database.js';

const created: TestDatabase[] = [];
afterAll(async () => {
  await Promise.all(created.map((d) => d.drop()));
});

/** What migrating an empty database says: every committed migration, the newest named. */
const journal = await migrationJournal();
const APPLIED_ALL = `applied ${journal.length} migrations (latest ${journal.at(-1)!.tag})`;

async function tables(url: string): Promise<string[]> {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    const { rows } = await client.query<{ name: string }>(
      "SELECT tablename AS name FROM pg_tables WHERE schemaname = 'public' ORDER BY tablename",
    );
    return rows.map((r) => r.name);
  } finally {
    await client.end();
  }
}

describe('migrateDatabase on the real Postgres', () => {
  it('applies every migration to an empty database, then says it is up to date', async () => {
    const empty = await createTestDatabase('migrate_empty', { migrate: false });
    created.push(empty);
    expect(await tables(empty.ownerUrl)).toEqual([]);

    expect(await migrateDatabase({ databaseUrl: empty.ownerUrl })).toBe(APPLIED_ALL);
    expect(await tables(empty.ownerUrl)).toEqual([
      'approvals',
      'audit_checkpoints',
      'audit_events',
      'build_logs',
      'build_steps',
      'builds',
      'digest_deliveries',
      'image_rescans',
      'notifications',
      'projects',
      'quarantines',
      'role_mappings',
      'scan_reports',
      'tenants',
      'webhook_deliveries',
    ]);
    expect(await migrateDatabase({ databaseUrl: empty.ownerUrl })).toBe('database up to date');
  });

  it('creates the database when it does not exist', async () => {
    const missing = await createTestDatabase('migrate_missing', { create: false });
    created.push(missing);
    expect(await migrateDatabase({ databaseUrl: missing.ownerUrl })).toBe(APPLIED_ALL);
    expect(await tables(missing.ownerUrl)).toContain('audit_events');
  });

  it('lets two processes migrate one database at once: one applies, the other finds it done', async () => {
    const empty = await createTestDatabase('migrate_race', { migrate: false });
    created.push(empty);
    const messages = await Promise.all([migrateDatabase({ databaseUrl: empty.ownerUrl }), migrateDatabase({ databaseUrl: empty.ownerUrl })]);
    expect(messages.sort()).toEqual([APPLIED_ALL, 'database up to date']);
  });

  it('migrates several databases of one server at once, each ensuring the same runtime login (roles are cluster-wide)', async () => {
    const dbs = await Promise.all([1, 2, 3].map((i) => createTestDatabase(`migrate_par${i}`, { migrate: false })));
    created.push(...dbs);
    const messages = await Promise.all(dbs.map((d) => migrateAsOwner(d.ownerUrl, d.url).then((r) => (r.ok ? r.message : r.problem))));
    expect(messages).toEqual(dbs.map(() => APPLIED_ALL));
  });

  it('says where it could not connect', async () => {
    await expect(migrateDatabase({ databaseUrl: 'postgres://postgres@127.0.0.1:1/nothing' })).rejects.toThrow(
      /cannot connect to Postgres at postgres:\/\/postgres@127\.0\.0\.1:1\/nothing/,
    );
  });
});
