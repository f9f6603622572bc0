import { bigint, pgTable, text, timestamp, unique, uuid } from 'drizzle-orm/pg-core';
import { tenants } from './tenants.js';

/** A repository with an `.imagefactory.yml`, one row per tenant and repository full name. */
export const projects = pgTable(
  'projects',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    tenantId: text('tenant_id').notNull().references(() => tenants.id),
    /** `owner/name` as GitHub spells it. */
    repository: text('repository').notNull(),
    defaultBranch: text('default_branch').notNull().default('main'),
    /** GitHub's id of the repository (stable across renames); null for a local checkout. */
    githubId: bigint('github_id', { mode: 'number' }),
    /** When the repository left the App's installation: its data is kept, its builds refused. */
    archivedAt: timestamp('archived_at', { withTimezone: true, mode: 'date' }),
    createdAt: timestamp('created_at', { withTimezone: true, mode: 'date' }).notNull().defaultNow(),
  },
  (t) => [
    unique('projects_tenant_repository_unique').on(t.tenantId, t.repository),
    // Target of the children's composite foreign keys: a row can only point at its own tenant's project.
    unique('projects_tenant_id_id_unique').on(t.tenantId, t.id),
  ],
);

export type Project = typeof projects.$inferSelect;
export type NewProject = typeof projects.$inferInsert;
