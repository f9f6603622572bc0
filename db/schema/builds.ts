import { sql } from 'drizzle-orm';
import { check, foreignKey, index, pgTable, text, timestamp, unique, uuid } from 'drizzle-orm/pg-core';
import { projects } from './projects.js';
import { tenants } from './tenants.js';
import { BUILD_STATUSES } from '../../workflows/image-build-types.js';

export { BUILD_STATUSES, type BuildStatus } from '../../workflows/image-build-types.js';

const statusList = sql.raw(BUILD_STATUSES.map((s) => `'${s}'`).join(', '));

/** One Temporal workflow execution for one image at one commit; `id` is the workflow id. */
export const builds = pgTable(
  'builds',
  {
    id: text('id').primaryKey(),
    tenantId: text('tenant_id').notNull().references(() => tenants.id),
    projectId: uuid('project_id').notNull(),
    /** The image's key under `images:` in the manifest. */
    image: text('image').notNull(),
    commitSha: text('commit_sha').notNull(),
    ref: text('ref').notNull(),
    method: text('method').notNull(),
    status: text('status', { enum: BUILD_STATUSES }).notNull().default('queued'),
    /** GitHub login of who started it. */
    authorLogin: text('author_login').notNull(),
    /** What started it: push, pull_request, comment, cli, retry, schedule... */
    trigger: text('trigger').notNull(),
    digest: text('digest'),
    tags: text('tags').array().notNull().default(sql`'{}'::text[]`),
    error: text('error'),
    startedAt: timestamp('started_at', { withTimezone: true, mode: 'date' }),
    finishedAt: timestamp('finished_at', { withTimezone: true, mode: 'date' }),
    createdAt: timestamp('created_at', { withTimezone: true, mode: 'date' }).notNull().defaultNow(),
    updatedAt: timestamp('updated_at', { withTimezone: true, mode: 'date' }).notNull().defaultNow(),
  },
  (t) => [
    foreignKey({ name: 'builds_project_fk', columns: [t.tenantId, t.projectId], foreignColumns: [projects.tenantId, projects.id] }),
    unique('builds_tenant_id_id_unique').on(t.tenantId, t.id),
    index('builds_tenant_project_created_idx').on(t.tenantId, t.projectId, t.createdAt),
    index('builds_tenant_status_idx').on(t.tenantId, t.status),
    check('builds_status_check', sql`${t.status} in (${statusList})`),
  ],
);

export type Build = typeof builds.$inferSelect;
export type NewBuild = typeof builds.$inferInsert;
