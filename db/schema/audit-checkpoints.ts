import { sql } from 'drizzle-orm';
import { bigint, bigserial, check, index, pgTable, text, timestamp } from 'drizzle-orm/pg-core';
import { tenants } from './tenants.js';

/**
 * Signed checkpoints of each tenant's audit chain head (see db/audit-checkpoint-statement.ts and
 * docs/data-model.md): "the row at `seq` of this tenant had hash `hash`", signed with Ed25519 at
 * `signed_at` by the key `key_id`. Made on a schedule and with every export; append-only like audit_events
 * (migration 0003_audit_checkpoints_rls). Several checkpoints may cover one seq (an export and the schedule).
 */
export const auditCheckpoints = pgTable(
  'audit_checkpoints',
  {
    id: bigserial('id', { mode: 'number' }).primaryKey(),
    tenantId: text('tenant_id').notNull().references(() => tenants.id),
    seq: bigint('seq', { mode: 'number' }).notNull(),
    /** The hash of the tenant's audit_events row at `seq`. */
    hash: text('hash').notNull(),
    signedAt: timestamp('signed_at', { withTimezone: true, mode: 'date' }).notNull(),
    /** The first 16 hex digits of the sha256 of the public key (SPKI DER). */
    keyId: text('key_id').notNull(),
    /** Ed25519 signature (base64) of the canonical statement. */
    signature: text('signature').notNull(),
  },
  (t) => [
    index('audit_checkpoints_tenant_seq_idx').on(t.tenantId, t.seq),
    check('audit_checkpoints_seq_check', sql`${t.seq} >= 1`),
    check('audit_checkpoints_hash_check', sql`${t.hash} ~ '^[0-9a-f]{64}$'`),
  ],
);

export type AuditCheckpoint = typeof auditCheckpoints.$inferSelect;
export type NewAuditCheckpoint = typeof auditCheckpoints.$inferInsert;
