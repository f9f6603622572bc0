import { sql } from 'drizzle-orm';
import { bigint, bigserial, check, index, jsonb, pgTable, text, timestamp, unique } from 'drizzle-orm/pg-core';
import { tenants } from './tenants.js';

/**
 * The append-only audit trail, hash-chained per tenant (see db/audit-hash.ts and docs/data-model.md).
 * The database refuses UPDATE, DELETE and TRUNCATE (migration 0001_rls_and_audit). Rows are written only
 * through appendAuditEvent; `build_id` is deliberately not a foreign key: the trail outlives builds.
 */
export const auditEvents = pgTable(
  'audit_events',
  {
    id: bigserial('id', { mode: 'number' }).primaryKey(),
    tenantId: text('tenant_id').notNull().references(() => tenants.id),
    seq: bigint('seq', { mode: 'number' }).notNull(),
    at: timestamp('at', { withTimezone: true, mode: 'date' }).notNull(),
    actor: text('actor').notNull(),
    action: text('action').notNull(),
    project: text('project'),
    buildId: text('build_id'),
    decision: text('decision'),
    reason: text('reason'),
    data: jsonb('data').$type<unknown>(),
    /** Set by callers that may retry (activities): the same key never appends twice. */
    idempotencyKey: text('idempotency_key'),
    prevHash: text('prev_hash').notNull(),
    hash: text('hash').notNull(),
  },
  (t) => [
    unique('audit_events_tenant_seq_unique').on(t.tenantId, t.seq),
    unique('audit_events_tenant_idempotency_key_unique').on(t.tenantId, t.idempotencyKey),
    index('audit_events_at_idx').on(t.at),
    check('audit_events_seq_check', sql`${t.seq} >= 1`),
    check('audit_events_hash_check', sql`${t.hash} ~ '^[0-9a-f]{64}$' and ${t.prevHash} ~ '^[0-9a-f]{64}$'`),
  ],
);

export type AuditEvent = typeof auditEvents.$inferSelect;
export type NewAuditEvent = typeof auditEvents.$inferInsert;
