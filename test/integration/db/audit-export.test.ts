import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { appendAuditEvent } from '../../../db/append-audit-event.js';
import { auditHash } from '../../../db/audit-hash.js';
import { ensureTenant } from '../../../db/ensure-tenant.js';
import { AUDIT_EXPORT_COLUMNS, exportAuditEvents, type AuditExportOptions } from '../../../db/export-audit-events.js';
import type { AuditEvent } from '../../../db/schema/index.js';
import { withTenant } from '../../../db/with-tenant.js';
import { connect, uniqueTenantId, type TestDb } from './db-fixtures.js';
import { parseCsv } from './parse-csv.js';

const TENANT = uniqueTenantId('export');
let t: TestDb;
let stored: AuditEvent[];

beforeAll(async () => {
  t = connect();
  await ensureTenant(t.db, { id: TENANT, name: 'acme' });
  const events = [
    { actor: 'alice', action: 'build.started', project: 'acme/api', buildId: 'b1', at: new Date('2024-01-01T00:00:00.000Z') },
    { actor: 'bob', action: 'approval.decided', decision: 'reject', reason: 'CVE, "critical",\nsee ticket', data: { list: [1, 'two'], 'a,b': '"q"' }, at: new Date('2024-02-01T10:00:00.500Z') },
    { actor: 'carol', action: 'note', reason: '', data: 'just a string', idempotencyKey: 'k1', at: new Date('2024-03-01T00:00:00.000Z') },
  ];
  stored = [];
  for (const event of events) stored.push(await withTenant(t.db, TENANT, (tx) => appendAuditEvent(tx, event)));
});
afterAll(async () => {
  await t.close();
});

async function collect(opts: AuditExportOptions): Promise<{ text: string; count: number; chunks: string[] }> {
  const chunks: string[] = [];
  const it = exportAuditEvents(t.db, { ...opts, pageSize: 2 });
  for (;;) {
    const next = await it.next();
    if (next.done) return { text: chunks.join(''), count: next.value, chunks };
    chunks.push(next.value);
  }
}

/** An exported record back as the row shape the hash is defined on. */
function asHashInput(r: Record<string, unknown>) {
  return {
    tenantId: r.tenant_id as string,
    seq: Number(r.seq),
    at: new Date(r.at as string),
    actor: r.actor as string,
    action: r.action as string,
    project: r.project as string | null,
    buildId: r.build_id as string | null,
    decision: r.decision as string | null,
    reason: r.reason as string | null,
    data: r.data,
    idempotencyKey: r.idempotency_key as string | null,
    prevHash: r.prev_hash as string,
  };
}

describe('audit export round trip, on the real Postgres', () => {
  it('JSON: an array of the stored rows, each still hashing to its hash', async () => {
    const { text, count, chunks } = await collect({ format: 'json', tenantId: TENANT });
    expect(count).toBe(3);
    expect(chunks.every((c) => c.endsWith('\n'))).toBe(true);
    const records = JSON.parse(text) as Record<string, unknown>[];
    expect(records.map((r) => r.id)).toEqual(stored.map((r) => r.id));
    expect(Object.keys(records[0])).toEqual([...AUDIT_EXPORT_COLUMNS]);
    expect(records[1]).toMatchObject({ reason: 'CVE, "critical",\nsee ticket', data: { list: [1, 'two'], 'a,b': '"q"' }, at: '2024-02-01T10:00:00.500Z' });
    for (const r of records) expect(auditHash(asHashInput(r))).toBe(r.hash);
  });

  it('CSV: a header and RFC 4180 rows; null and empty string stay apart; hashes recompute', async () => {
    const { text, count } = await collect({ format: 'csv', tenantId: TENANT });
    expect(count).toBe(3);
    const [header, ...rows] = parseCsv(text);
    expect(header).toEqual([...AUDIT_EXPORT_COLUMNS]);
    expect(rows).toHaveLength(3);
    const records = rows.map((row) => Object.fromEntries(header.map((h, i) => [h as string, row[i]])));
    expect(records[0]).toMatchObject({ decision: null, reason: null, data: null });
    expect(records[1].reason).toBe('CVE, "critical",\nsee ticket');
    expect(records[2]).toMatchObject({ reason: '', data: '"just a string"', idempotency_key: 'k1' });
    for (const r of records) {
      const data = r.data === null ? null : (JSON.parse(r.data as string) as unknown);
      expect(auditHash(asHashInput({ ...r, data }))).toBe(r.hash);
    }
  });

  it('--since keeps the events at or after that instant', async () => {
    const { count, text } = await collect({ format: 'json', tenantId: TENANT, since: new Date('2024-02-01T10:00:00.500Z') });
    expect(count).toBe(2);
    expect((JSON.parse(text) as { seq: number }[]).map((r) => r.seq)).toEqual([2, 3]);
  });

  it('an empty export is still valid JSON, and CSV is the header alone', async () => {
    const since = new Date('2100-01-01T00:00:00Z');
    expect((await collect({ format: 'json', tenantId: TENANT, since })).text).toBe('[\n]\n');
    expect((await collect({ format: 'csv', tenantId: TENANT, since })).text).toBe(`${AUDIT_EXPORT_COLUMNS.join(',')}\n`);
  });
});
