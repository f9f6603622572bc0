import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { asc, eq, sql } from 'drizzle-orm';
import { appendAuditEvent, recordAuditEvent } from '../../../db/append-audit-event.js';
import { auditHash, GENESIS_HASH } from '../../../db/audit-hash.js';
import { ensureTenant } from '../../../db/ensure-tenant.js';
import { auditEvents, type AuditEvent } from '../../../db/schema/index.js';
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

const chainOf = (tenant: string) => withTenant(t.db, tenant, (tx) => tx.select().from(auditEvents).where(eq(auditEvents.tenantId, tenant)).orderBy(asc(auditEvents.seq)));

describe('appending to the audit trail in one statement, on the real Postgres', () => {
  it('8 concurrent appenders x 50 of one tenant leave one unbroken chain, in order, each key once, a repeated key answered with the first row', async () => {
    const tenant = await newTenant('append-8x50');
    // Every fifth append of each appender carries a key all eight send at about the same time. Half the
    // appenders append inside withTenant, half record on their own: both take the tenant's one lock.
    const keyOf = (w: number, i: number) => (i % 5 === 0 ? `shared/${i}` : `own/${w}/${i}`);
    const returned = await Promise.all(
      Array.from({ length: 8 }, async (_, w) => {
        const rows: { key: string; row: AuditEvent }[] = [];
        for (let i = 0; i < 50; i += 1) {
          const key = keyOf(w, i);
          const event = { actor: `appender-${w}`, action: 'test.appended', data: { w, i }, idempotencyKey: key };
          rows.push({ key, row: w % 2 ? await recordAuditEvent(t.db, tenant, event) : await withTenant(t.db, tenant, (tx) => appendAuditEvent(tx, event)) });
        }
        return rows;
      }),
    );

    const chain = await chainOf(tenant);
    const distinctKeys = new Set(returned.flat().map((r) => r.key));
    expect(chain).toHaveLength(distinctKeys.size); // 8 x 40 own keys and 10 shared ones
    expect(chain.map((r) => r.seq)).toEqual(chain.map((_, i) => i + 1));
    expect(chain.map((r) => r.prevHash)).toEqual([GENESIS_HASH, ...chain.slice(0, -1).map((r) => r.hash)]);
    expect(new Set(chain.map((r) => r.idempotencyKey)).size).toBe(chain.length);
    expect(await verifyAuditChain(t.db, { tenantId: tenant, pageSize: 64 })).toEqual({ ok: true, checked: chain.length });

    const stored = new Map(chain.map((r) => [r.idempotencyKey, r]));
    for (const [w, rows] of returned.entries()) {
      // What each append returned is the stored row, as a select reads it back.
      for (const { key, row } of rows) expect(row).toEqual(stored.get(key));
      // One appender's own events follow each other in the chain in the order it appended them.
      const own = rows.filter((r) => r.key.startsWith('own/')).map((r) => r.row.seq);
      expect(own).toEqual([...own].sort((a, b) => a - b));
      expect(rows.filter((r) => r.key.startsWith('own/')).every((r) => r.row.actor === `appender-${w}`)).toBe(true);
    }
    // A shared key was written by whichever appender came first; the other seven got that row back.
    for (let i = 0; i < 50; i += 5) expect(new Set(returned.map((rows) => rows[i].row.id))).toEqual(new Set([stored.get(`shared/${i}`)!.id]));

    const again = await withTenant(t.db, tenant, (tx) => appendAuditEvent(tx, { actor: 'late', action: 'test.retried', reason: 'a retry', idempotencyKey: 'shared/0' }));
    expect(again).toEqual(stored.get('shared/0'));
    expect(await chainOf(tenant)).toHaveLength(chain.length);
  });

  it("appends inside the caller's transaction: two in one are consecutive, a rolled-back one leaves no gap", async () => {
    const tenant = await newTenant('append-tx');
    const [a, b] = await withTenant(t.db, tenant, async (tx) => [await appendAuditEvent(tx, { actor: 'a', action: 'first' }), await appendAuditEvent(tx, { actor: 'a', action: 'second' })]);
    expect([a.seq, b.seq, b.prevHash]).toEqual([1, 2, a.hash]);
    await expect(
      withTenant(t.db, tenant, async (tx) => {
        await appendAuditEvent(tx, { actor: 'a', action: 'undone', idempotencyKey: 'undone' });
        throw new Error('the caller fails after appending');
      }),
    ).rejects.toThrow('the caller fails after appending');
    const c = await withTenant(t.db, tenant, (tx) => appendAuditEvent(tx, { actor: 'a', action: 'third', idempotencyKey: 'undone' }));
    expect([c.seq, c.prevHash, c.action]).toEqual([3, b.hash, 'third']);
    expect(await verifyAuditChain(t.db, { tenantId: tenant })).toEqual({ ok: true, checked: 3 });
  });

  it('records an event in a transaction of its own, and refuses to inside withTenant or without a tenant', async () => {
    const tenant = await newTenant('record');
    const first = await recordAuditEvent(t.db, tenant, { actor: 'a', action: 'alone', data: { n: 1 } });
    expect(first).toMatchObject({ tenantId: tenant, seq: 1, prevHash: GENESIS_HASH, data: { n: 1 } });
    await expect(withTenant(t.db, tenant, (tx) => tx.execute(sql`SELECT * FROM record_audit_event(${tenant}, now(), 'a', 'inside', null, null, null, null, null, null, '')`))).rejects.toMatchObject({
      cause: { message: `recordAuditEvent runs in a transaction of its own, not inside withTenant (tenant ${tenant} is set on this transaction): use appendAuditEvent there` },
    });
    await expect(recordAuditEvent(t.db, ' ', { actor: 'a', action: 'b' })).rejects.toThrow('recordAuditEvent needs a tenant id, got " "');
    await expect(recordAuditEvent(t.db, tenant, { tenantId: 'someone-else', actor: 'a', action: 'b' })).rejects.toThrow(/event is for tenant someone-else/);
    expect(await verifyAuditChain(t.db, { tenantId: tenant })).toEqual({ ok: true, checked: 1 });
  });

  it('continues a chain written the way appends were written before, and the verifier checks both alike', async () => {
    // A tenant id and contents JSON must escape: quotes, backslashes, control characters, non-ASCII.
    const tenant = await newTenant('append-"old"\\new\té✓');
    const at = new Date('2024-05-01T12:00:00.123Z');
    const old = { tenantId: tenant, seq: 1, at, actor: 'alice', action: 'build.started', project: 'acme/api', buildId: 'b1', decision: null, reason: 'line\nbreak', data: { z: [1, 2.5, null], a: { 'é': '"q"' } }, idempotencyKey: 'before', prevHash: GENESIS_HASH };
    await withTenant(t.db, tenant, (tx) => tx.insert(auditEvents).values({ ...old, hash: auditHash(old) }));
    const next = await withTenant(t.db, tenant, (tx) => appendAuditEvent(tx, { actor: 'bob\u0001', action: 'approval.decided', reason: 'ok \\ "fine"', data: { b: 1e21, a: 'ü' }, at }));
    expect(next).toMatchObject({ seq: 2, prevHash: auditHash(old), data: { a: 'ü', b: 1e21 } });
    expect(next.hash).toBe(auditHash(next));
    expect(await verifyAuditChain(t.db, { tenantId: tenant })).toEqual({ ok: true, checked: 2 });
  });
});
