import { sql } from 'drizzle-orm';
import { check, foreignKey, jsonb, pgTable, primaryKey, text, timestamp } from 'drizzle-orm/pg-core';
import { builds } from './builds.js';
import { tenants } from './tenants.js';

export const QUARANTINE_STATUSES = ['held', 'released', 'rejected'] as const;
export type QuarantineStatus = (typeof QUARANTINE_STATUSES)[number];

/** A build held by scan policy, at most one per build, until someone releases or rejects it. */
export const quarantines = pgTable(
  'quarantines',
  {
    tenantId: text('tenant_id').notNull().references(() => tenants.id),
    buildId: text('build_id').notNull(),
    /** Why policy held it, e.g. "2 CRITICAL". */
    reason: text('reason').notNull(),
    findings: jsonb('findings').$type<unknown>().notNull(),
    status: text('status', { enum: QUARANTINE_STATUSES }).notNull().default('held'),
    decidedBy: text('decided_by'),
    decidedAt: timestamp('decided_at', { withTimezone: true, mode: 'date' }),
    /** Why the decider released or rejected it. */
    decisionReason: text('decision_reason'),
    createdAt: timestamp('created_at', { withTimezone: true, mode: 'date' }).notNull().defaultNow(),
  },
  (t) => [
    primaryKey({ name: 'quarantines_pk', columns: [t.tenantId, t.buildId] }),
    foreignKey({ name: 'quarantines_build_fk', columns: [t.tenantId, t.buildId], foreignColumns: [builds.tenantId, builds.id] }).onDelete('cascade'),
    check('quarantines_status_check', sql`${t.status} in ('held', 'released', 'rejected')`),
  ],
);

export type Quarantine = typeof quarantines.$inferSelect;
export type NewQuarantine = typeof quarantines.$inferInsert;
