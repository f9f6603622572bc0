import { afterAll, describe, expect, it } from '@jest/globals';
import { sql } from 'drizzle-orm';
import { rowsOf } from '../../../db/database.js';
import { openDatabase } from '../../../db/open-database.js';
import { tenants } from '../../../db/schema/index.js';
import { withTenant } from '../../../db/with-tenant.js';
import { createTestDatabase, type TestDatabase } from '../../helpers/test-database.js';

const created: TestDatabase[] = [];
afterAll(async () => {
  await Promise.all(created.map((d) => d.drop()));
});

const quiet = { debug: () => undefined, warn: () => undefined };

describe('openDatabase on the real Postgres', () => {
  it('uses DATABASE_URL through a pool, without migrating it', async () => {
    const empty = await createTestDatabase('open_url', { migrate: false });
    created.push(empty);
    const opened = await openDatabase({ databaseUrl: empty.url, databaseOwnerUrl: undefined, dataDir: '/nonexistent', logLevel: 'silent' }, { logger: quiet });
    try {
      expect(opened.kind).toBe('postgres');
      const rows = rowsOf<{ t: string | null }>(await opened.db.execute(sql`SELECT to_regclass('public.tenants')::text AS t`));
      expect(rows).toEqual([{ t: null }]);
    } finally {
      await opened.close();
    }
  });

  it('without DATABASE_URL, uses the local server when it answers: created and migrated as the owner, opened as the runtime login', async () => {
    const fresh = await createTestDatabase('open_local', { create: false });
    created.push(fresh);
    const logged: string[] = [];
    const logger = { debug: (_: object, msg: string) => void logged.push(msg), warn: quiet.warn };
    const opened = await openDatabase({ databaseUrl: undefined, databaseOwnerUrl: undefined, dataDir: '/nonexistent', logLevel: 'silent' }, { local: fresh, logger });
    try {
      expect(opened.kind).toBe('postgres');
      expect(logged[0]).toMatch(/^database: Postgres at .* \(Postgres answers on 127\.0\.0\.1:5432\)$/);
      expect(logged[1]).toMatch(/^database: applied \d+ migrations \(latest \w+\) \(as postgres; runtime login imagefactory (created|updated)\)$/);
      // Migrated as the owner, then connected as the runtime login.
      expect(rowsOf<{ login: string }>(await opened.db.execute(sql`SELECT current_user AS login`))).toEqual([{ login: 'imagefactory' }]);
      await withTenant(opened.db, 'local', (tx) => tx.insert(tenants).values({ id: 'local', name: 'this machine' }));
      expect(await withTenant(opened.db, 'local', (tx) => tx.select({ id: tenants.id }).from(tenants))).toEqual([{ id: 'local' }]);
    } finally {
      await opened.close();
    }
  });
});
