import { foreignKey, jsonb, pgTable, primaryKey, text, timestamp } from 'drizzle-orm/pg-core';
import { builds } from './builds.js';
import { tenants } from './tenants.js';

/**
 * A scanner's report on a build's image. `db_status` says whether the scanner had a vulnerability
 * database (e.g. `ok`, `missing`, `stale`): with none, the report says so instead of passing silently.
 */
export const scanReports = pgTable(
  'scan_reports',
  {
    tenantId: text('tenant_id').notNull().references(() => tenants.id),
    buildId: text('build_id').notNull(),
    scanner: text('scanner').notNull(),
    dbStatus: text('db_status').notNull(),
    summary: jsonb('summary').$type<Record<string, unknown>>().notNull(),
    report: jsonb('report').$type<unknown>().notNull(),
    sbom: jsonb('sbom').$type<unknown>(),
    createdAt: timestamp('created_at', { withTimezone: true, mode: 'date' }).notNull().defaultNow(),
  },
  (t) => [
    primaryKey({ name: 'scan_reports_pk', columns: [t.tenantId, t.buildId, t.scanner] }),
    foreignKey({ name: 'scan_reports_build_fk', columns: [t.tenantId, t.buildId], foreignColumns: [builds.tenantId, builds.id] }).onDelete('cascade'),
  ],
);

export type ScanReport = typeof scanReports.$inferSelect;
export type NewScanReport = typeof scanReports.$inferInsert;
