import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { appendAuditEvent } from '../../../db/append-audit-event.js';
import { auditHash } from '../../../db/audit-hash.js';
import { ensureTenant } from '../../../db/ensure-tenant.js';
import type { AuditSigner } from '../../../db/audit-key.js';
import { AUDIT_EXPORT_COLUMNS, exportAuditEvents, type AuditExportOptions, type AuditExportSummary } from '../../../db/export-audit-events.js';
import type { AuditEvent } from '../../../db/schema/index.js';
import { withTenant } from '../../../db/with-tenant.js';
import { runAuditSigner } from '../../helpers/test-audit-key.js';
import { connect, uniqueTenantId, type TestDb } from './db-fixtures.js';
import { parseCsv } from './parse-csv.js';

const TENANT = uniqueTenantId('export');
let t: TestDb;
let stored: AuditEvent[];
let signer: AuditSigner;

beforeAll(async () => {
  t = connect();
  signer = await runAuditSigner();
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

async function collect(opts: Omit<AuditExportOptions, 'signer'>): Promise<{ text: string; count: number; chunks: string[]; summary: AuditExportSummary }> {
  const chunks: string[] = [];
  const it = exportAuditEvents(t.db, { ...opts, signer, pageSize: 2 });
  for (;;) {
    const next = await it.next();
    if (next.done) return { text: chunks.join(''), count: next.value.count, chunks, summary: next.value };
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
  it('JSON: an object holding the stored rows, each still hashing to its hash, and their signatures', async () => {
    const { text, count, chunks } = await collect({ format: 'json', tenantId: TENANT });
    expect(count).toBe(3);
    expect(chunks.every((c) => c.endsWith('\n'))).toBe(true);
    const doc = JSON.parse(text) as { events: Record<string, unknown>[]; checkpoints: unknown[]; key_id: string };
    expect(doc).toMatchObject({ format: 'imagefactory.audit-export', version: 1, tenant: TENANT, since: null, event_count: 3, key_id: signer.keyId });
    expect(doc.checkpoints).toEqual([expect.objectContaining({ tenant_id: TENANT, seq: 3, hash: stored[2].hash, key_id: signer.keyId })]);
    const records = doc.events;
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
    expect((JSON.parse(text) as { events: { seq: number }[] }).events.map((r) => r.seq)).toEqual([2, 3]);
  });

  it('an empty export is still valid JSON with no checkpoint, and CSV is the header alone', async () => {
    const since = new Date('2100-01-01T00:00:00Z');
    const empty = JSON.parse((await collect({ format: 'json', tenantId: TENANT, since })).text) as Record<string, unknown>;
    expect(empty).toMatchObject({ events: [], event_count: 0, checkpoints: [], since: '2100-01-01T00:00:00.000Z' });
    expect((await collect({ format: 'csv', tenantId: TENANT, since })).text).toBe(`${AUDIT_EXPORT_COLUMNS.join(',')}\n`);
  });
});
