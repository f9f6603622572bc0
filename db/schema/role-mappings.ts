import { jsonb, pgTable, primaryKey, text, timestamp } from 'drizzle-orm/pg-core';
import { tenants } from './tenants.js';

/**
 * The role mapping in force for one source, e.g. `acme/.imagefactory:tenant.yml` or
 * `acme/api:.imagefactory.yml`: which commit it came from, its parsed content, and who accepted it.
 * One row per tenant and source; a newer accepted mapping replaces the row.
 */
export const roleMappings = pgTable(
  'role_mappings',
  {
    tenantId: text('tenant_id').notNull().references(() => tenants.id),
    source: text('source').notNull(),
    commitSha: text('commit_sha').notNull(),
    content: jsonb('content').$type<Record<string, unknown>>().notNull(),
    acceptedBy: text('accepted_by').notNull(),
    acceptedAt: timestamp('accepted_at', { withTimezone: true, mode: 'date' }).notNull().defaultNow(),
  },
  (t) => [primaryKey({ name: 'role_mappings_pk', columns: [t.tenantId, t.source] })],
);

export type RoleMapping = typeof roleMappings.$inferSelect;
export type NewRoleMapping = typeof roleMappings.$inferInsert;
