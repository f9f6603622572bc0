import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { eq, sql } from 'drizzle-orm';
import { appendAuditEvent, recordAuditEvent } from '../../../db/append-audit-event.js';
import { rowsOf, type OpenDatabase } from '../../../db/database.js';
import { ensureTenant } from '../../../db/ensure-tenant.js';
import { migrateDatabase } from '../../../db/migrate.js';
import { migrationJournal } from '../../../db/migrations-folder.js';
import { openDatabase } from '../../../db/open-database.js';
import { projects } from '../../../db/schema/index.js';
import { verifyAuditChain } from '../../../db/verify-audit-chain.js';
import { withTenant } from '../../../db/with-tenant.js';
import { pgFailure } from './db-fixtures.js';

// No Postgres answers on port 1: openDatabase falls back to embedded Postgres in the data folder.
const NOWHERE = 'postgres://postgres@127.0.0.1:1/imagefactory';
let dataDir: string;
let opened: OpenDatabase;
const logged: string[] = [];
const logger = { debug: (_: object, msg: string) => void logged.push(msg), warn: (_: object, msg: string) => void logged.push(msg) };

beforeAll(async () => {
  dataDir = await mkdtemp(path.join(os.tmpdir(), 'imagefactory-pglite-'));
  opened = await openDatabase({ databaseUrl: undefined, databaseOwnerUrl: undefined, dataDir, logLevel: 'silent' }, { local: { url: NOWHERE, ownerUrl: NOWHERE }, logger });
});
afterAll(async () => {
  await opened?.close();
  await rm(dataDir, { recursive: true, force: true });
});

describe('embedded Postgres (PGlite): same migrations, RLS and triggers', () => {
  it('is chosen when no DATABASE_URL is set and no local Postgres answers, and says so', async () => {
    expect(opened.kind).toBe('pglite');
    expect(opened.location).toBe(path.join(dataDir, 'pglite'));
    expect(logged[0]).toMatch(/^database: embedded Postgres \(PGlite\) in .*pglite \(no DATABASE_URL and no Postgres answering on 127\.0\.0\.1:1\)$/);
    const journal = await migrationJournal();
    expect(logged).toContain(`database: applied ${journal.length} migrations (latest ${journal.at(-1)!.tag})`);
  });

  it("refuses tenant B tenant A's rows", async () => {
    await ensureTenant(opened.db, { id: 'A', name: 'a' });
    await ensureTenant(opened.db, { id: 'B', name: 'b' });
    await withTenant(opened.db, 'A', (tx) => tx.insert(projects).values({ tenantId: 'A', repository: 'a/api' }));
    expect(await withTenant(opened.db, 'B', (tx) => tx.select().from(projects).where(eq(projects.tenantId, 'A')))).toEqual([]);
    expect(await withTenant(opened.db, 'A', (tx) => tx.select().from(projects))).toHaveLength(1);
    const failure = await pgFailure(withTenant(opened.db, 'B', (tx) => tx.insert(projects).values({ tenantId: 'A', repository: 'b/evil' })));
    expect(failure.message).toMatch(/new row violates row-level security policy/);
  });

  it('chains audit events and refuses UPDATE and DELETE, even to its superuser', async () => {
    const event = (i: number) => ({ actor: 'alice', action: `a.${i}`, data: { i } });
    // Appended inside withTenant, or recorded on their own (which switches to the app role itself).
    await Promise.all([1, 2, 3, 4, 5].map((i) => (i % 2 ? withTenant(opened.db, 'A', (tx) => appendAuditEvent(tx, event(i))) : recordAuditEvent(opened.db, 'A', event(i)))));
    expect(await verifyAuditChain(opened.db, { tenantId: 'A' })).toEqual({ ok: true, checked: 5 });
    const update = await pgFailure(opened.db.execute(sql`UPDATE audit_events SET actor = 'mallory'`));
    expect(update.message).toBe('audit_events is append-only: UPDATE is refused');
    const del = await pgFailure(opened.db.execute(sql`DELETE FROM audit_events`));
    expect(del.message).toBe('audit_events is append-only: DELETE is refused');
    const count = rowsOf<{ n: number }>(await opened.db.execute(sql`SELECT count(*)::int AS n FROM audit_events`));
    expect(count[0].n).toBe(5);
  });

  it('keeps its data across reopening, already migrated', async () => {
    await opened.close();
    opened = await openDatabase({ databaseUrl: undefined, databaseOwnerUrl: undefined, dataDir, logLevel: 'silent' }, { local: { url: NOWHERE, ownerUrl: NOWHERE }, logger, migrate: false });
    expect(await migrateDatabase({ db: opened.db })).toBe('database up to date');
    expect(await verifyAuditChain(opened.db)).toEqual({ ok: true, checked: 5 });
  });
});
