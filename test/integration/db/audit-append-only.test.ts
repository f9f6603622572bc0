import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { appendAuditEvent } from '../../../db/append-audit-event.js';
import { ensureTenant } from '../../../db/ensure-tenant.js';
import { withTenant } from '../../../db/with-tenant.js';
import { connect, uniqueTenantId, type TestDb } from './db-fixtures.js';

const TENANT = uniqueTenantId('append-only');
let t: TestDb;
let eventId: number;

beforeAll(async () => {
  t = connect();
  await ensureTenant(t.db, { id: TENANT, name: 'acme' });
  const event = await withTenant(t.db, TENANT, (tx) => appendAuditEvent(tx, { actor: 'alice', action: 'build.started', reason: 'original' }));
  eventId = event.id;
});
afterAll(async () => {
  await t.close();
});

describe('audit_events is append-only, on the real Postgres', () => {
  it.each([
    ['UPDATE', () => t.admin.query("UPDATE audit_events SET reason = 'rewritten' WHERE id = $1", [eventId])],
    ['DELETE', () => t.admin.query('DELETE FROM audit_events WHERE id = $1', [eventId])],
    ['TRUNCATE', () => t.admin.query('TRUNCATE audit_events')],
  ])('refuses %s even to the superuser, with the trigger message', async (op, run) => {
    await expect(run()).rejects.toMatchObject({ message: `audit_events is append-only: ${op} is refused`, code: '42501' });
    const { rows } = await t.admin.query('SELECT reason FROM audit_events WHERE id = $1', [eventId]);
    expect(rows).toEqual([{ reason: 'original' }]);
  });

  it('refuses an UPDATE that matches no row too (the trigger is per statement)', async () => {
    await expect(t.admin.query("UPDATE audit_events SET reason = 'x' WHERE false")).rejects.toThrow(/append-only: UPDATE is refused/);
  });

  it('refuses UPDATE and DELETE to the app role before any trigger: no privilege', async () => {
    for (const statement of ["UPDATE audit_events SET reason = 'x'", 'DELETE FROM audit_events', 'TRUNCATE audit_events']) {
      const client = await t.admin.connect();
      try {
        await client.query('BEGIN');
        await client.query('SET LOCAL ROLE imagefactory_app');
        await client.query("SELECT set_config('imagefactory.tenant_id', $1, true)", [TENANT]);
        await expect(client.query(statement)).rejects.toThrow(/permission denied for table audit_events/);
      } finally {
        await client.query('ROLLBACK');
        client.release();
      }
    }
  });
});
