import { sql } from 'drizzle-orm';
import { check, foreignKey, jsonb, pgTable, primaryKey, text, timestamp } from 'drizzle-orm/pg-core';
import { builds } from './builds.js';
import { tenants } from './tenants.js';

export const BUILD_STEP_STATUSES = ['pending', 'running', 'succeeded', 'failed', 'skipped', 'cancelled'] as const;
export type BuildStepStatus = (typeof BUILD_STEP_STATUSES)[number];

const statusList = sql.raw(BUILD_STEP_STATUSES.map((s) => `'${s}'`).join(', '));

/** One step of a build (build, scan, push, promote...), one row per build and step name. */
export const buildSteps = pgTable(
  'build_steps',
  {
    tenantId: text('tenant_id').notNull().references(() => tenants.id),
    buildId: text('build_id').notNull(),
    name: text('name').notNull(),
    status: text('status', { enum: BUILD_STEP_STATUSES }).notNull().default('pending'),
    startedAt: timestamp('started_at', { withTimezone: true, mode: 'date' }),
    finishedAt: timestamp('finished_at', { withTimezone: true, mode: 'date' }),
    detail: jsonb('detail').$type<Record<string, unknown>>(),
  },
  (t) => [
    primaryKey({ name: 'build_steps_pk', columns: [t.tenantId, t.buildId, t.name] }),
    foreignKey({ name: 'build_steps_build_fk', columns: [t.tenantId, t.buildId], foreignColumns: [builds.tenantId, builds.id] }).onDelete('cascade'),
    check('build_steps_status_check', sql`${t.status} in (${statusList})`),
  ],
);

export type BuildStep = typeof buildSteps.$inferSelect;
export type NewBuildStep = typeof buildSteps.$inferInsert;
