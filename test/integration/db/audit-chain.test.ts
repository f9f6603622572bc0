import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { eq } from 'drizzle-orm';
import { appendAuditEvent } from '../../../db/append-audit-event.js';
import { GENESIS_HASH } from '../../../db/audit-hash.js';
import { ensureTenant } from '../../../db/ensure-tenant.js';
import { auditEvents } from '../../../db/schema/index.js';
import { verifyAuditChain } from '../../../db/verify-audit-chain.js';
import { withCrossTenantRead, withTenant } from '../../../db/with-tenant.js';
import { connect, uniqueTenantId, type TestDb } from './db-fixtures.js';

let t: TestDb;
beforeAll(() => {
  t = connect();
});
afterAll(async () => {
  await t.close();
});

async function newTenant(label: string): Promise<string> {
  const id = uniqueTenantId(label);
  await ensureTenant(t.db, { id, name: label });
  return id;
}

describe('the audit hash chain, on the real Postgres', () => {
  it('links each event to the previous one of its tenant, starting from 64 zeros', async () => {
    const tenant = await newTenant('chain');
    const first = await withTenant(t.db, tenant, (tx) => appendAuditEvent(tx, { actor: 'alice', action: 'build.started', project: 'acme/api', buildId: 'b1' }));
    const second = await withTenant(t.db, tenant, (tx) =>
      appendAuditEvent(tx, { actor: 'bob', action: 'approval.decided', decision: 'approve', reason: 'looks fine', data: { roles: ['security-reviewer'] } }),
    );
    expect(first).toMatchObject({ tenantId: tenant, seq: 1, prevHash: GENESIS_HASH });
    expect(second).toMatchObject({ seq: 2, prevHash: first.hash, data: { roles: ['security-reviewer'] } });
    expect(second.hash).toMatch(/^[0-9a-f]{64}$/);
  });

  it('verifies after many appends, across pages', async () => {
    const tenant = await newTenant('many');
    for (let i = 0; i < 60; i += 1) {
      await withTenant(t.db, tenant, (tx) =>
        appendAuditEvent(tx, { actor: `user${i % 3}`, action: 'build.step', reason: i % 2 ? null : `step ${i}`, data: { i, nested: { b: [1, { z: true, a: null }], a: 'x' } } }),
      );
    }
    expect(await verifyAuditChain(t.db, { tenantId: tenant, pageSize: 7 })).toEqual({ ok: true, checked: 60 });
  });

  it('never forks under 20 concurrent appends for one tenant', async () => {
    const tenant = await newTenant('concurrent');
    const rows = await Promise.all(
      Array.from({ length: 20 }, (_, i) => withTenant(t.db, tenant, (tx) => appendAuditEvent(tx, { actor: 'worker', action: 'build.log', data: { i } }))),
    );
    expect(rows.map((r) => r.seq).sort((x, y) => x - y)).toEqual(Array.from({ length: 20 }, (_, i) => i + 1));
    expect(new Set(rows.map((r) => r.prevHash)).size).toBe(20);
    expect(await verifyAuditChain(t.db, { tenantId: tenant })).toEqual({ ok: true, checked: 20 });
  });

  it('keeps tenants on separate chains', async () => {
    const [x, y] = [await newTenant('chain-x'), await newTenant('chain-y')];
    await Promise.all([x, y, x, y, x].map((tenant) => withTenant(t.db, tenant, (tx) => appendAuditEvent(tx, { actor: 'a', action: 'b' }))));
    const seqs = await withCrossTenantRead(t.db, (tx) => tx.select({ tenantId: auditEvents.tenantId, seq: auditEvents.seq }).from(auditEvents));
    expect(seqs.filter((r) => r.tenantId === x).map((r) => r.seq).sort()).toEqual([1, 2, 3]);
    expect(seqs.filter((r) => r.tenantId === y).map((r) => r.seq).sort()).toEqual([1, 2]);
    expect(await verifyAuditChain(t.db, { tenantId: x })).toEqual({ ok: true, checked: 3 });
    expect(await verifyAuditChain(t.db, { tenantId: y })).toEqual({ ok: true, checked: 2 });
  });

  it('appends once per idempotency key, and returns the first row on a retry', async () => {
    const tenant = await newTenant('idempotent');
    const event = { actor: 'system', action: 'build.succeeded', buildId: 'b7', idempotencyKey: 'wf-b7:activity-9:attempt' };
    const first = await withTenant(t.db, tenant, (tx) => appendAuditEvent(tx, event));
    const retries = await Promise.all([1, 2, 3].map(() => withTenant(t.db, tenant, (tx) => appendAuditEvent(tx, { ...event, reason: 'retried' }))));
    expect(retries.map((r) => r.id)).toEqual([first.id, first.id, first.id]);
    const rows = await withTenant(t.db, tenant, (tx) => tx.select().from(auditEvents).where(eq(auditEvents.tenantId, tenant)));
    expect(rows).toHaveLength(1);
    expect(rows[0].reason).toBeNull();
  });

  it('stores `at` to the millisecond and hashes what it stores', async () => {
    const tenant = await newTenant('at');
    const at = new Date('2024-05-01T12:34:56.789Z');
    const row = await withTenant(t.db, tenant, (tx) => appendAuditEvent(tx, { actor: 'a', action: 'b', at, data: { when: at, skip: undefined } }));
    expect(row.at.toISOString()).toBe('2024-05-01T12:34:56.789Z');
    expect(row.data).toEqual({ when: '2024-05-01T12:34:56.789Z' });
    expect(await verifyAuditChain(t.db, { tenantId: tenant })).toEqual({ ok: true, checked: 1 });
  });

  it('must run inside withTenant, for the transaction tenant', async () => {
    const tenant = await newTenant('outside');
    await expect(withCrossTenantRead(t.db, (tx) => appendAuditEvent(tx, { actor: 'a', action: 'b' }))).rejects.toThrow(/inside withTenant/);
    await expect(withTenant(t.db, tenant, (tx) => appendAuditEvent(tx, { tenantId: 'someone-else', actor: 'a', action: 'b' }))).rejects.toThrow(
      /event is for tenant someone-else/,
    );
  });
});
