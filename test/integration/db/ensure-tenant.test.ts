import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { ensureTenant } from '../../../db/ensure-tenant.js';
import { connect, uniqueTenantId, type TestDb } from './db-fixtures.js';

let t: TestDb;
beforeAll(() => {
  t = connect();
});
afterAll(async () => {
  await t.close();
});

describe('ensureTenant under row-level security', () => {
  it('creates the tenant once, keeps it as is, and follows a rename', async () => {
    const id = uniqueTenantId('ensure');
    const created = await ensureTenant(t.db, { id, name: 'acme' });
    expect(created).toMatchObject({ id, name: 'acme' });
    expect(await ensureTenant(t.db, { id, name: 'acme' })).toEqual(created);
    expect(await ensureTenant(t.db, { id, name: 'acme-corp' })).toEqual({ ...created, name: 'acme-corp' });
    const { rows } = await t.admin.query('SELECT name FROM tenants WHERE id = $1', [id]);
    expect(rows).toEqual([{ name: 'acme-corp' }]);
  });
});
