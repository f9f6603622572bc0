import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { eq } from 'drizzle-orm';
import pg from 'pg';
import { appendAuditEvent } from '../../../db/append-audit-event.js';
import { openDatabase } from '../../../db/open-database.js';
import { auditEvents, builds, projects } from '../../../db/schema/index.js';
import { withTenant } from '../../../db/with-tenant.js';
import { createTestDatabase } from '../../helpers/test-database.js';
import { connect, runDatabaseUrl, runOwnerUrl, seedTenant, uniqueTenantId, type TestDb } from './db-fixtures.js';

const A = uniqueTenantId('lp-a');
const B = uniqueTenantId('lp-b');
let t: TestDb;
let runtime: pg.Pool;
let b: { projectId: string; buildId: string };

beforeAll(async () => {
  t = connect();
  runtime = new pg.Pool({ connectionString: runDatabaseUrl(), max: 2 });
  await seedTenant(t.db, A);
  b = await seedTenant(t.db, B);
  await withTenant(t.db, B, (tx) => appendAuditEvent(tx, { actor: 'bob', action: 'build.requested' }));
});
afterAll(async () => {
  await runtime.end();
  await t.close();
});

/** What a statement run on the app's own connection (DATABASE_URL, no SET ROLE) is answered. */
async function refusal(statement: string, tenant?: string): Promise<{ code?: string; message: string }> {
  const client = await runtime.connect();
  try {
    await client.query('BEGIN');
    if (tenant) await client.query("SELECT set_config('imagefactory.tenant_id', $1, true)", [tenant]);
    await client.query(statement);
    throw new Error(`the runtime login was allowed: ${statement}`);
  } catch (err) {
    return { code: (err as { code?: string }).code, message: (err as Error).message };
  } finally {
    await client.query('ROLLBACK');
    client.release();
  }
}

describe('the app connects as a least-privileged login, on the real Postgres', () => {
  it('is neither superuser nor BYPASSRLS, and owns no table', async () => {
    const { rows } = await runtime.query(`
      SELECT current_user AS login, r.rolsuper, r.rolbypassrls, r.rolcreatedb, r.rolcreaterole,
             (SELECT count(*)::int FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace
               WHERE n.nspname IN ('public', 'drizzle') AND c.relowner = r.oid) AS owned
      FROM pg_roles r WHERE r.rolname = current_user`);
    expect(rows).toEqual([{ login: 'imagefactory', rolsuper: false, rolbypassrls: false, rolcreatedb: false, rolcreaterole: false, owned: 0 }]);
  });

  it("cannot read another tenant's rows: withTenant A sees none of B's, and no tenant set sees nothing", async () => {
    const opened = await openDatabase({ databaseUrl: runDatabaseUrl(), databaseOwnerUrl: runOwnerUrl(), dataDir: '/nonexistent', logLevel: 'silent' });
    try {
      await withTenant(opened.db, A, async (tx) => {
        expect(await tx.select().from(builds).where(eq(builds.id, b.buildId))).toEqual([]);
        expect(await tx.select().from(projects).where(eq(projects.tenantId, B))).toEqual([]);
        expect(await tx.select().from(auditEvents).where(eq(auditEvents.tenantId, B))).toEqual([]);
      });
      expect(await withTenant(opened.db, B, (tx) => tx.select().from(builds).where(eq(builds.id, b.buildId)))).toHaveLength(1);
    } finally {
      await opened.close();
    }
    // The login itself, without SET ROLE or a tenant: row-level security applies to it directly.
    for (const table of ['tenants', 'projects', 'builds', 'audit_events']) {
      const { rows } = await runtime.query(`SELECT count(*)::int AS n FROM ${table}`);
      expect({ table, n: rows[0].n }).toEqual({ table, n: 0 });
    }
  });

  it('cannot switch the append-only trigger off', async () => {
    expect(await refusal('ALTER TABLE audit_events DISABLE TRIGGER audit_events_append_only')).toMatchObject({ code: '42501', message: 'must be owner of table audit_events' });
    expect(await refusal('ALTER TABLE audit_events DISABLE TRIGGER ALL')).toMatchObject({ code: '42501' });
  });

  it.each(["UPDATE audit_events SET reason = 'rewritten'", 'DELETE FROM audit_events', 'TRUNCATE audit_events'])('cannot %s an event', async (statement) => {
    expect(await refusal(statement, B)).toMatchObject({ code: '42501', message: 'permission denied for table audit_events' });
  });

  it('cannot set session_replication_role = replica (which skips triggers)', async () => {
    expect(await refusal('SET session_replication_role = replica')).toMatchObject({ code: '42501', message: 'permission denied to set parameter "session_replication_role"' });
  });

  it('cannot create a table or a schema', async () => {
    expect(await refusal('CREATE TABLE public.sneaky (x int)')).toMatchObject({ code: '42501', message: 'permission denied for schema public' });
    expect(await refusal('CREATE SCHEMA sneaky')).toMatchObject({ code: '42501' });
  });

  it('the app refuses to start on a superuser DATABASE_URL, naming it', async () => {
    await expect(openDatabase({ databaseUrl: runOwnerUrl(), databaseOwnerUrl: undefined, dataDir: '/nonexistent', logLevel: 'silent' })).rejects.toThrow(
      /^DATABASE_URL connects as postgres, a superuser: the app must connect as a login that is neither superuser, nor BYPASSRLS, nor owner of the tables, .*`imagefactory migrate` \(with DATABASE_OWNER_URL set to the owner\) creates the one DATABASE_URL names\.$/,
    );
  });

  it('the app refuses to start on a login that owns a table, naming DATABASE_URL', async () => {
    const database = await createTestDatabase('lp_owner');
    const login = `imagefactory_owner_${process.pid}`;
    const owner = new pg.Client({ connectionString: database.ownerUrl });
    await owner.connect();
    try {
      await owner.query(`CREATE ROLE ${login} LOGIN`);
      await owner.query(`ALTER TABLE build_logs OWNER TO ${login}`);
      const url = new URL(database.url);
      url.username = login;
      await expect(openDatabase({ databaseUrl: url.toString(), databaseOwnerUrl: undefined, dataDir: '/nonexistent', logLevel: 'silent' })).rejects.toThrow(
        new RegExp(`^DATABASE_URL connects as ${login}, which owns public\\.build_logs \\(or is a member of its owner\\): the app must connect`),
      );
    } finally {
      await owner.end();
      await database.drop();
      const admin = new pg.Client({ connectionString: runOwnerUrl() });
      await admin.connect();
      await admin.query(`DROP ROLE IF EXISTS ${login}`).finally(() => admin.end());
    }
  });
});
