import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { connect, type TestDb } from './db-fixtures.js';

let t: TestDb;
beforeAll(() => {
  t = connect();
});
afterAll(async () => {
  await t.close();
});

/** Guards the next migration: a tenant-owned table without its RLS statements fails here. */
describe('row-level security covers every tenant-owned table', () => {
  it('every public table is tenant-owned, with RLS enabled and forced and the two policies', async () => {
    const { rows } = await t.admin.query<{ table: string; rls: boolean; forced: boolean; keyed: boolean; policies: string[] }>(`
      SELECT c.relname AS table, c.relrowsecurity AS rls, c.relforcerowsecurity AS forced,
             EXISTS (SELECT 1 FROM information_schema.columns k
                     WHERE k.table_schema = 'public' AND k.table_name = c.relname
                       AND k.column_name IN ('tenant_id', 'id') AND k.is_nullable = 'NO') AS keyed,
             coalesce((SELECT array_agg(p.policyname::text ORDER BY p.policyname) FROM pg_policies p
                       WHERE p.schemaname = 'public' AND p.tablename = c.relname), '{}') AS policies
      FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace
      WHERE n.nspname = 'public' AND c.relkind = 'r'
      ORDER BY c.relname`);
    expect(rows.map((r) => r.table)).toEqual(["approvals", "audit_checkpoints", "audit_events", "build_logs", "build_steps", "builds", "digest_deliveries", "image_rescans", "notifications", "projects", "quarantines", "role_mappings", "scan_reports", "tenants", "webhook_deliveries"]);
    for (const row of rows) {
      expect(row).toEqual({ table: row.table, rls: true, forced: true, keyed: true, policies: ['cross_tenant_read', 'tenant_isolation'] });
    }
  });

  it('every table but tenants carries a NOT NULL tenant_id referencing tenants', async () => {
    const { rows } = await t.admin.query<{ table: string }>(`
      SELECT c.relname AS table FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace
      WHERE n.nspname = 'public' AND c.relkind = 'r' AND c.relname <> 'tenants'
        AND NOT EXISTS (
          SELECT 1 FROM pg_constraint f JOIN pg_attribute a ON a.attrelid = f.conrelid AND a.attnum = ANY (f.conkey)
          WHERE f.conrelid = c.oid AND f.contype = 'f' AND f.confrelid = 'public.tenants'::regclass
            AND a.attname = 'tenant_id' AND a.attnotnull AND array_length(f.conkey, 1) = 1)`);
    expect(rows).toEqual([]);
  });

  it('the cross-tenant policy only reads', async () => {
    const { rows } = await t.admin.query(`SELECT DISTINCT cmd FROM pg_policies WHERE schemaname = 'public' AND policyname = 'cross_tenant_read'`);
    expect(rows).toEqual([{ cmd: 'SELECT' }]);
  });

  it.each(['audit_events', 'audit_checkpoints'])('the app role is not a superuser, cannot bypass RLS, and may only read and insert %s', async (table) => {
    const role = await t.admin.query(`SELECT rolsuper, rolbypassrls, rolcanlogin FROM pg_roles WHERE rolname = 'imagefactory_app'`);
    expect(role.rows).toEqual([{ rolsuper: false, rolbypassrls: false, rolcanlogin: false }]);
    const { rows } = await t.admin.query(
      `SELECT p AS privilege, has_table_privilege('imagefactory_app', $1, p) AS granted
       FROM unnest(ARRAY['SELECT', 'INSERT', 'UPDATE', 'DELETE', 'TRUNCATE']) AS p`,
      [`public.${table}`],
    );
    expect(rows).toEqual([
      { privilege: 'SELECT', granted: true },
      { privilege: 'INSERT', granted: true },
      { privilege: 'UPDATE', granted: false },
      { privilege: 'DELETE', granted: false },
      { privilege: 'TRUNCATE', granted: false },
    ]);
  });
});
