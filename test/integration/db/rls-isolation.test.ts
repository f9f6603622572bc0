import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { eq, sql } from 'drizzle-orm';
import { approvals, auditEvents, buildLogs, builds, projects, roleMappings, tenants } from '../../../db/schema/index.js';
import { withCrossTenantRead, withTenant } from '../../../db/with-tenant.js';
import { connect, pgFailure, seedTenant, uniqueTenantId, type TestDb } from './db-fixtures.js';

const RLS_REFUSAL = /new row violates row-level security policy/;

let t: TestDb;
const A = uniqueTenantId('rls-a');
const B = uniqueTenantId('rls-b');
let a: { projectId: string; buildId: string };

beforeAll(async () => {
  t = connect();
  a = await seedTenant(t.db, A);
  await seedTenant(t.db, B);
  await withTenant(t.db, A, async (tx) => {
    await tx.insert(buildLogs).values([
      { tenantId: A, buildId: a.buildId, seq: 1, stream: 'stdout', line: 'STEP 1/2: FROM scratch' },
      { tenantId: A, buildId: a.buildId, seq: 2, stream: 'stdout', line: 'STEP 2/2: COPY bin /bin' },
    ]);
    await tx.insert(approvals).values({ tenantId: A, buildId: a.buildId, decision: 'approve', actorLogin: 'bob', actorRoles: ['security-reviewer'] });
    await tx.insert(roleMappings).values({ tenantId: A, source: 'acme/.imagefactory:tenant.yml', commitSha: 'abc', content: { roles: {} }, acceptedBy: 'alice' });
  });
});
afterAll(async () => {
  await t.close();
});

describe('tenant isolation through the access layer, on the real Postgres', () => {
  it('the data is there: tenant A sees its own rows, and the superuser sees both tenants', async () => {
    const own = await withTenant(t.db, A, (tx) => tx.select().from(buildLogs).where(eq(buildLogs.buildId, a.buildId)).orderBy(buildLogs.seq));
    expect(own.map((r) => r.line)).toEqual(['STEP 1/2: FROM scratch', 'STEP 2/2: COPY bin /bin']);
    const { rows } = await t.admin.query('SELECT DISTINCT tenant_id FROM builds WHERE tenant_id = ANY($1) ORDER BY 1', [[A, B]]);
    expect(rows.map((r) => r.tenant_id)).toEqual([A, B].sort());
  });

  it("tenant B reads none of tenant A's rows, even naming them", async () => {
    await withTenant(t.db, B, async (tx) => {
      expect(await tx.select().from(tenants).where(eq(tenants.id, A))).toEqual([]);
      expect(await tx.select().from(projects).where(eq(projects.tenantId, A))).toEqual([]);
      expect(await tx.select().from(builds).where(eq(builds.id, a.buildId))).toEqual([]);
      expect(await tx.select().from(buildLogs).where(eq(buildLogs.buildId, a.buildId))).toEqual([]);
      expect(await tx.select().from(approvals).where(eq(approvals.tenantId, A))).toEqual([]);
      expect(await tx.select().from(roleMappings).where(eq(roleMappings.tenantId, A))).toEqual([]);
      const all = await tx.select({ tenantId: builds.tenantId }).from(builds);
      expect(new Set(all.map((r) => r.tenantId))).toEqual(new Set([B]));
    });
  });

  it("tenant B cannot insert rows carrying tenant A's id", async () => {
    const attempts = [
      (tx: Parameters<Parameters<typeof withTenant>[2]>[0]) => tx.insert(tenants).values({ id: A, name: 'hijack' }).onConflictDoNothing(),
      (tx: Parameters<Parameters<typeof withTenant>[2]>[0]) => tx.insert(projects).values({ tenantId: A, repository: 'evil/api' }),
      (tx: Parameters<Parameters<typeof withTenant>[2]>[0]) =>
        tx.insert(buildLogs).values({ tenantId: A, buildId: a.buildId, seq: 99, stream: 'stdout', line: 'injected' }),
      (tx: Parameters<Parameters<typeof withTenant>[2]>[0]) =>
        tx.insert(approvals).values({ tenantId: A, buildId: a.buildId, decision: 'approve', actorLogin: 'mallory' }),
      (tx: Parameters<Parameters<typeof withTenant>[2]>[0]) =>
        tx.insert(roleMappings).values({ tenantId: A, source: 'evil', commitSha: 'x', content: {}, acceptedBy: 'mallory' }),
    ];
    for (const attempt of attempts) {
      const failure = await pgFailure(withTenant(t.db, B, (tx) => attempt(tx)));
      expect(failure.message).toMatch(RLS_REFUSAL);
      expect(failure.code).toBe('42501');
    }
  });

  it("tenant B cannot point its own rows at tenant A's build (composite foreign keys)", async () => {
    const failure = await pgFailure(
      withTenant(t.db, B, (tx) => tx.insert(buildLogs).values({ tenantId: B, buildId: a.buildId, seq: 1, stream: 'stdout', line: 'x' })),
    );
    expect(failure.code).toBe('23503');
  });

  it("tenant B's updates and deletes of tenant A's rows touch nothing", async () => {
    await withTenant(t.db, B, async (tx) => {
      expect(await tx.update(builds).set({ status: 'cancelled' }).where(eq(builds.id, a.buildId)).returning()).toEqual([]);
      expect(await tx.delete(buildLogs).where(eq(buildLogs.buildId, a.buildId)).returning()).toEqual([]);
      expect(await tx.update(tenants).set({ name: 'renamed' }).where(eq(tenants.id, A)).returning()).toEqual([]);
    });
    const { rows } = await t.admin.query('SELECT status FROM builds WHERE id = $1', [a.buildId]);
    expect(rows).toEqual([{ status: 'queued' }]);
    const logs = await t.admin.query('SELECT count(*)::int AS n FROM build_logs WHERE build_id = $1', [a.buildId]);
    expect(logs.rows[0].n).toBe(2);
  });

  it('tenant B cannot move its own row into tenant A', async () => {
    const failure = await pgFailure(withTenant(t.db, B, (tx) => tx.update(projects).set({ tenantId: A }).where(eq(projects.tenantId, B))));
    expect(failure.message).toMatch(RLS_REFUSAL);
  });

  it('with no tenant set, the app role sees nothing and writes nothing', async () => {
    const client = await t.admin.connect();
    try {
      await client.query('BEGIN');
      await client.query('SET LOCAL ROLE imagefactory_app');
      for (const table of ['tenants', 'projects', 'builds', 'build_logs', 'approvals', 'role_mappings', 'audit_events']) {
        const { rows } = await client.query(`SELECT count(*)::int AS n FROM ${table}`);
        expect({ table, n: rows[0].n }).toEqual({ table, n: 0 });
      }
      await expect(client.query("INSERT INTO projects (tenant_id, repository) VALUES ($1, 'x/y')", [A])).rejects.toThrow(RLS_REFUSAL);
    } finally {
      await client.query('ROLLBACK');
      client.release();
    }
  });

  it('withTenant runs as the non-superuser app role, so RLS applies', async () => {
    const [who] = await withTenant(t.db, A, (tx) =>
      tx.execute(sql`SELECT current_user AS "user", (SELECT rolsuper OR rolbypassrls FROM pg_roles WHERE rolname = current_user) AS bypass`),
    ).then((r) => (r as unknown as { rows: { user: string; bypass: boolean }[] }).rows);
    expect(who).toEqual({ user: 'imagefactory_app', bypass: false });
  });

  it('refuses to run without a tenant id', async () => {
    await expect(withTenant(t.db, '', async () => 1)).rejects.toThrow(/needs a tenant id/);
  });
});

describe('cross-tenant read', () => {
  it('reads every tenant, and refuses every write', async () => {
    const seen = await withCrossTenantRead(t.db, (tx) => tx.select({ id: tenants.id }).from(tenants));
    expect(seen.map((r) => r.id)).toEqual(expect.arrayContaining([A, B]));

    const insert = await pgFailure(withCrossTenantRead(t.db, (tx) => tx.insert(projects).values({ tenantId: A, repository: 'x/cross' })));
    expect(insert.message).toMatch(/read-only transaction/);
    const audit = await pgFailure(
      withCrossTenantRead(t.db, (tx) => tx.insert(auditEvents).values({ tenantId: A, seq: 999, at: new Date(), actor: 'x', action: 'x', prevHash: '0'.repeat(64), hash: '0'.repeat(64) })),
    );
    expect(audit.message).toMatch(/read-only transaction/);
  });

  it('is confined to its transaction: the next withTenant on the same pool sees one tenant again', async () => {
    await withCrossTenantRead(t.db, (tx) => tx.select().from(tenants));
    for (let i = 0; i < 10; i += 1) {
      const rows = await withTenant(t.db, B, (tx) => tx.select({ id: tenants.id }).from(tenants));
      expect(rows).toEqual([{ id: B }]);
    }
  });
});
