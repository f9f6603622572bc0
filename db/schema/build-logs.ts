import { sql } from 'drizzle-orm';
import { bigint, check, foreignKey, pgTable, primaryKey, text, timestamp } from 'drizzle-orm/pg-core';
import { builds } from './builds.js';
import { tenants } from './tenants.js';

export const LOG_STREAMS = ['stdout', 'stderr', 'system'] as const;
export type LogStream = (typeof LOG_STREAMS)[number];

/**
 * A build's log, one row per line. Kept lean (logs can be large): no surrogate key; the primary key
 * (tenant_id, build_id, seq) is the only index and serves reading one build's log in order.
 */
export const buildLogs = pgTable(
  'build_logs',
  {
    tenantId: text('tenant_id').notNull().references(() => tenants.id),
    buildId: text('build_id').notNull(),
    seq: bigint('seq', { mode: 'number' }).notNull(),
    stream: text('stream', { enum: LOG_STREAMS }).notNull(),
    line: text('line').notNull(),
    at: timestamp('at', { withTimezone: true, mode: 'date' }).notNull().defaultNow(),
  },
  (t) => [
    primaryKey({ name: 'build_logs_pk', columns: [t.tenantId, t.buildId, t.seq] }),
    foreignKey({ name: 'build_logs_build_fk', columns: [t.tenantId, t.buildId], foreignColumns: [builds.tenantId, builds.id] }).onDelete('cascade'),
    check('build_logs_stream_check', sql`${t.stream} in ('stdout', 'stderr', 'system')`),
  ],
);

export type BuildLog = typeof buildLogs.$inferSelect;
export type NewBuildLog = typeof buildLogs.$inferInsert;
