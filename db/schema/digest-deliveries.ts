import { sql } from 'drizzle-orm';
import { check, integer, pgTable, primaryKey, text, timestamp } from 'drizzle-orm/pg-core';
import { DIGEST_CADENCES } from '../../manifest/digest-plan.js';
import { NOTIFICATION_STATUSES } from './notifications.js';
import { tenants } from './tenants.js';

const list = (values: readonly string[]) => sql.raw(values.map((v) => `'${v}'`).join(', '));

/**
 * One digest email to one address for one period (a run of a digest schedule), keyed
 * `<project or *>/<cadence>/<period end>/<recipient>`: a row already `sent` is never sent again, so a
 * retried activity or a digest started twice for the same period mails once. `failed` once its delivery
 * gave up. `repository` is the project's `owner/name`; null for the tenant's digest over every project.
 */
export const digestDeliveries = pgTable(
  'digest_deliveries',
  {
    tenantId: text('tenant_id').notNull().references(() => tenants.id),
    key: text('key').notNull(),
    repository: text('repository'),
    cadence: text('cadence', { enum: DIGEST_CADENCES }).notNull(),
    periodSince: timestamp('period_since', { withTimezone: true, mode: 'date' }).notNull(),
    periodUntil: timestamp('period_until', { withTimezone: true, mode: 'date' }).notNull(),
    recipient: text('recipient').notNull(),
    status: text('status', { enum: NOTIFICATION_STATUSES }).notNull().default('pending'),
    attempts: integer('attempts').notNull().default(0),
    lastError: text('last_error'),
    /** The email's Message-ID (derived from the key). */
    messageId: text('message_id'),
    createdAt: timestamp('created_at', { withTimezone: true, mode: 'date' }).notNull().defaultNow(),
    updatedAt: timestamp('updated_at', { withTimezone: true, mode: 'date' }).notNull().defaultNow(),
    sentAt: timestamp('sent_at', { withTimezone: true, mode: 'date' }),
  },
  (t) => [
    primaryKey({ name: 'digest_deliveries_pk', columns: [t.tenantId, t.key] }),
    check('digest_deliveries_status_check', sql`${t.status} in (${list(NOTIFICATION_STATUSES)})`),
    check('digest_deliveries_cadence_check', sql`${t.cadence} in (${list(DIGEST_CADENCES)})`),
  ],
);

export type DigestDelivery = typeof digestDeliveries.$inferSelect;
