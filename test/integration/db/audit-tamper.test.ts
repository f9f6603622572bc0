import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import type pg from 'pg';
import { appendAuditEvent } from '../../../db/append-audit-event.js';
import { auditHash } from '../../../db/audit-hash.js';
import { ensureTenant } from '../../../db/ensure-tenant.js';
import { verifyAuditChain } from '../../../db/verify-audit-chain.js';
import { withTenant } from '../../../db/with-tenant.js';
import { createTestDatabase, type TestDatabase } from '../../helpers/test-database.js';
import { connect, type TestDb } from './db-fixtures.js';

// Tampering breaks the chain on purpose: in a database of its own, not the run's shared one.
let database: TestDatabase;
let t: TestDb;

beforeAll(async () => {
  database = await createTestDatabase('tamper');
  t = connect(database);
});
afterAll(async () => {
  await t.close();
  await database.drop();
});

/** What an attacker with superuser access does: switch the triggers off for one statement. */
async function behindTheTriggers(admin: pg.Pool, statement: string, params: unknown[]): Promise<void> {
  const client = await admin.connect();
  try {
    await client.query('BEGIN');
    await client.query('SET LOCAL session_replication_role = replica');
    await client.query(statement, params);
    await client.query('COMMIT');
  } finally {
    client.release();
  }
}

async function trail(tenant: string, n: number) {
  await ensureTenant(t.db, { id: tenant, name: tenant });
  const rows = [];
  for (let i = 1; i <= n; i += 1) {
    rows.push(await withTenant(t.db, tenant, (tx) => appendAuditEvent(tx, { actor: 'alice', action: `step.${i}`, reason: `r${i}`, data: { i } })));
  }
  return rows;
}

describe('a tampered audit trail, on the real Postgres', () => {
  it('names exactly the row whose content was altered', async () => {
    const rows = await trail('tamper-content', 5);
    expect(await verifyAuditChain(t.db, { tenantId: 'tamper-content' })).toEqual({ ok: true, checked: 5 });
    await behindTheTriggers(t.admin, "UPDATE audit_events SET reason = 'nothing to see' WHERE id = $1", [rows[2].id]);
    const result = await verifyAuditChain(t.db, { tenantId: 'tamper-content' });
    expect(result).toMatchObject({ ok: false, checked: 3, firstBroken: { tenantId: 'tamper-content', seq: 3, id: rows[2].id, reason: 'hash mismatch' } });
  });

  it('names the row after one whose hash was recomputed to hide the change', async () => {
    const rows = await trail('tamper-rehash', 4);
    const forged = { ...rows[1], reason: 'forged' };
    await behindTheTriggers(t.admin, 'UPDATE audit_events SET reason = $1, hash = $2 WHERE id = $3', [forged.reason, auditHash(forged), rows[1].id]);
    const result = await verifyAuditChain(t.db, { tenantId: 'tamper-rehash' });
    expect(result).toMatchObject({ ok: false, firstBroken: { seq: 3, id: rows[2].id, reason: 'prev_hash mismatch' } });
  });

  it('names the row after a deleted one as a gap in seq', async () => {
    const rows = await trail('tamper-delete', 4);
    await behindTheTriggers(t.admin, 'DELETE FROM audit_events WHERE id = $1', [rows[1].id]);
    const result = await verifyAuditChain(t.db, { tenantId: 'tamper-delete' });
    expect(result).toMatchObject({ ok: false, firstBroken: { seq: 3, id: rows[2].id, reason: 'gap in seq', detail: 'expected seq 2, found 3' } });
  });

  it('finds a broken tenant when verifying across tenants; a clean tenant still verifies alone', async () => {
    await trail('tamper-z-clean', 3);
    const all = await verifyAuditChain(t.db);
    expect(all).toMatchObject({ ok: false, firstBroken: { tenantId: 'tamper-content', seq: 3 } });
    expect(await verifyAuditChain(t.db, { tenantId: 'tamper-z-clean' })).toEqual({ ok: true, checked: 3 });
  });

  it('names a swapped prev_hash', async () => {
    const rows = await trail('tamper-prev', 3);
    await behindTheTriggers(t.admin, 'UPDATE audit_events SET prev_hash = $1 WHERE id = $2', [rows[0].prevHash, rows[2].id]);
    const result = await verifyAuditChain(t.db, { tenantId: 'tamper-prev' });
    expect(result).toMatchObject({ ok: false, firstBroken: { seq: 3, id: rows[2].id, reason: 'prev_hash mismatch' } });
  });
});
