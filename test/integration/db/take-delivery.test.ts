import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { sql } from 'drizzle-orm';
import { ensureTenant } from '../../../db/ensure-tenant.js';
import { takeDelivery } from '../../../db/webhook-deliveries-store.js';
import { withTenant } from '../../../db/with-tenant.js';
import { connect, uniqueTenantId, type TestDb } from './db-fixtures.js';

let t: TestDb;
beforeAll(() => {
  t = connect();
});
afterAll(async () => t.close());

const rows = async (tenantId: string) => (await t.admin.query('SELECT guid, event, status, handled_by FROM webhook_deliveries WHERE tenant_id = $1 ORDER BY guid', [tenantId])).rows;

describe('takeDelivery (take_delivery, one statement as the app role)', () => {
  it("takes a delivery once per tenant, whichever process asks and however often, making a new tenant's row", async () => {
    const tenantId = uniqueTenantId('take');
    const asks = await Promise.all(['bot-a', 'bot-b', 'bot-a'].map((by) => takeDelivery(t.db, { tenantId, guid: 'g-1', event: 'issue_comment.created', by })));
    expect(asks.filter(Boolean)).toHaveLength(1);
    expect(await takeDelivery(t.db, { tenantId, guid: 'g-1', event: 'issue_comment.created', by: 'bot-c' })).toBe(false);
    expect(await rows(tenantId)).toEqual([{ guid: 'g-1', event: 'issue_comment.created', status: 'handling', handled_by: expect.stringMatching(/^bot-[ab]$/) }]);
    expect((await t.admin.query('SELECT name FROM tenants WHERE id = $1', [tenantId])).rows).toEqual([{ name: tenantId }]);

    const other = uniqueTenantId('take');
    await ensureTenant(t.db, { id: other, name: 'acme' });
    expect(await takeDelivery(t.db, { tenantId: other, guid: 'g-1', event: 'push', by: 'bot-a' })).toBe(true);
    expect((await t.admin.query('SELECT name FROM tenants WHERE id = $1', [other])).rows).toEqual([{ name: 'acme' }]);
  });

  it('refuses inside a transaction of a tenant already set, and without a tenant', async () => {
    const tenantId = uniqueTenantId('take');
    await expect(withTenant(t.db, tenantId, (tx) => tx.execute(sql`SELECT take_delivery(${tenantId}, 'g-2', 'push', 'bot-a')`))).rejects.toThrow();
    await expect(takeDelivery(t.db, { tenantId: '', guid: 'g-3', event: 'push', by: 'bot-a' })).rejects.toThrow('takeDelivery needs a tenant id');
    await expect(t.db.execute(sql`SELECT take_delivery('', 'g-3', 'push', 'bot-a')`)).rejects.toThrow();
    expect(await rows(tenantId)).toEqual([]);
  });
});
