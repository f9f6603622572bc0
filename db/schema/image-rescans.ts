import { sql } from 'drizzle-orm';
import { foreignKey, index, jsonb, pgTable, primaryKey, text, timestamp } from 'drizzle-orm/pg-core';
import { builds } from './builds.js';
import { tenants } from './tenants.js';

/**
 * A re-scan of a promoted image, by digest, with the vulnerability database of the day: the report (no
 * SBOM: the image is the same), the ids blocking under the policy in force, and those newly blocking since
 * the digest's scan before (audited and told as `vulnerability_found`). `key` is the re-scan run and
 * digest, so a retried scan is stored once. The build's own scan stays in scan_reports.
 */
export const imageRescans = pgTable(
  'image_rescans',
  {
    tenantId: text('tenant_id').notNull().references(() => tenants.id),
    key: text('key').notNull(),
    buildId: text('build_id').notNull(),
    digest: text('digest').notNull(),
    /** What was scanned: repository@digest. */
    target: text('target').notNull(),
    scanner: text('scanner').notNull(),
    dbStatus: text('db_status').notNull(),
    dbUpdatedAt: timestamp('db_updated_at', { withTimezone: true, mode: 'date' }),
    summary: jsonb('summary').$type<Record<string, unknown>>().notNull(),
    report: jsonb('report').$type<unknown>().notNull(),
    /** Vulnerability ids blocking under the scan policy in force at this scan. */
    blocking: text('blocking').array().notNull().default(sql`'{}'::text[]`),
    /** Those of `blocking` that were not blocking at the digest's scan before. */
    newBlocking: text('new_blocking').array().notNull().default(sql`'{}'::text[]`),
    scannedAt: timestamp('scanned_at', { withTimezone: true, mode: 'date' }).notNull().defaultNow(),
  },
  (t) => [
    primaryKey({ name: 'image_rescans_pk', columns: [t.tenantId, t.key] }),
    foreignKey({ name: 'image_rescans_build_fk', columns: [t.tenantId, t.buildId], foreignColumns: [builds.tenantId, builds.id] }).onDelete('cascade'),
    index('image_rescans_tenant_digest_idx').on(t.tenantId, t.digest, t.scannedAt),
  ],
);

export type ImageRescan = typeof imageRescans.$inferSelect;
export type NewImageRescan = typeof imageRescans.$inferInsert;
