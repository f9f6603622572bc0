import { sql } from 'drizzle-orm';
import { check, foreignKey, pgTable, text, timestamp, unique, uuid } from 'drizzle-orm/pg-core';
import { builds } from './builds.js';
import { tenants } from './tenants.js';

export const APPROVAL_DECISIONS = ['approve', 'reject'] as const;
export type ApprovalDecision = (typeof APPROVAL_DECISIONS)[number];

/** A decision on a build awaiting approval; one per build and actor (a redelivered signal adds nothing). */
export const approvals = pgTable(
  'approvals',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    tenantId: text('tenant_id').notNull().references(() => tenants.id),
    buildId: text('build_id').notNull(),
    decision: text('decision', { enum: APPROVAL_DECISIONS }).notNull(),
    actorLogin: text('actor_login').notNull(),
    /** The roles the actor held when deciding, as resolved at that moment. */
    actorRoles: text('actor_roles').array().notNull().default(sql`'{}'::text[]`),
    reason: text('reason'),
    at: timestamp('at', { withTimezone: true, mode: 'date' }).notNull().defaultNow(),
  },
  (t) => [
    foreignKey({ name: 'approvals_build_fk', columns: [t.tenantId, t.buildId], foreignColumns: [builds.tenantId, builds.id] }).onDelete('cascade'),
    unique('approvals_build_actor_unique').on(t.tenantId, t.buildId, t.actorLogin),
    check('approvals_decision_check', sql`${t.decision} in ('approve', 'reject')`),
  ],
);

export type Approval = typeof approvals.$inferSelect;
export type NewApproval = typeof approvals.$inferInsert;
