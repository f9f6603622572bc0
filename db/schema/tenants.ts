import { pgTable, text, timestamp } from 'drizzle-orm/pg-core';

/**
 * A tenant: the GitHub account (org or user) where the App is installed, or `local` for the CLI.
 * `id` is a stable key such as `github:<account id>` (account ids survive renames; names do not).
 */
export const tenants = pgTable('tenants', {
  id: text('id').primaryKey(),
  name: text('name').notNull(),
  createdAt: timestamp('created_at', { withTimezone: true, mode: 'date' }).notNull().defaultNow(),
});

export type Tenant = typeof tenants.$inferSelect;
export type NewTenant = typeof tenants.$inferInsert;
