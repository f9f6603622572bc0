import { sql } from 'drizzle-orm';
import { bigint, check, pgTable, text, timestamp } from 'drizzle-orm/pg-core';

/** Where a tenant stands with the App: installed, suspended by the account (builds refused, data kept), or uninstalled (data kept). */
export const TENANT_STATUSES = ['active', 'suspended', 'uninstalled'] as const;
export type TenantStatus = (typeof TENANT_STATUSES)[number];

const statusList = sql.raw(TENANT_STATUSES.map((s) => `'${s}'`).join(', '));

/**
 * A tenant: the GitHub account (org or user) where the App is installed, or `local` for the CLI.
 * `id` is a stable key such as `github:<account id>` (account ids survive renames; names do not).
 */
export const tenants = pgTable(
  'tenants',
  {
    id: text('id').primaryKey(),
    name: text('name').notNull(),
    /** The App's installation on the account (null for the local tenant). */
    installationId: bigint('installation_id', { mode: 'number' }),
    /** `Organization` or `User`. */
    accountType: text('account_type'),
    status: text('status', { enum: TENANT_STATUSES }).notNull().default('active'),
    statusChangedAt: timestamp('status_changed_at', { withTimezone: true, mode: 'date' }),
    /** Who changed the status on GitHub (the installation event's sender). */
    statusChangedBy: text('status_changed_by'),
    createdAt: timestamp('created_at', { withTimezone: true, mode: 'date' }).notNull().defaultNow(),
  },
  (t) => [check('tenants_status_check', sql`${t.status} in (${statusList})`)],
);

export type Tenant = typeof tenants.$inferSelect;
export type NewTenant = typeof tenants.$inferInsert;
