import { sql } from 'drizzle-orm';
import { check, foreignKey, index, integer, pgTable, primaryKey, text, timestamp } from 'drizzle-orm/pg-core';
import { NOTIFY_CHANNELS } from '../../manifest/types.js';
import { builds } from './builds.js';
import { tenants } from './tenants.js';

export const NOTIFICATION_STATUSES = ['pending', 'sent', 'failed'] as const;
export type NotificationStatus = (typeof NOTIFICATION_STATUSES)[number];

const list = (values: readonly string[]) => sql.raw(values.map((v) => `'${v}'`).join(', '));

/**
 * One message to one recipient about one event of a build run (an email to an address, a Slack message in
 * a channel), keyed `<buildId>/<runId>/<event>/<channel>/<recipient>`: a row already `sent` is never sent
 * again. `failed` once its delivery gave up (after a day of retries). A Slack row keeps where the message
 * was posted (`slack_channel`, `slack_ts`), so a decision later updates it in place.
 */
export const notifications = pgTable(
  'notifications',
  {
    tenantId: text('tenant_id').notNull().references(() => tenants.id),
    key: text('key').notNull(),
    buildId: text('build_id').notNull(),
    runId: text('run_id').notNull(),
    event: text('event').notNull(),
    channel: text('channel', { enum: NOTIFY_CHANNELS }).notNull(),
    /** An email address, or a Slack channel as the manifest names it (`#builds`, `C0123456789`). */
    recipient: text('recipient').notNull(),
    status: text('status', { enum: NOTIFICATION_STATUSES }).notNull().default('pending'),
    attempts: integer('attempts').notNull().default(0),
    lastError: text('last_error'),
    /** The email's Message-ID (derived from the key). */
    messageId: text('message_id'),
    /** The Slack channel id the message was posted in, and its timestamp (the message's id there). */
    slackChannel: text('slack_channel'),
    slackTs: text('slack_ts'),
    createdAt: timestamp('created_at', { withTimezone: true, mode: 'date' }).notNull().defaultNow(),
    updatedAt: timestamp('updated_at', { withTimezone: true, mode: 'date' }).notNull().defaultNow(),
    sentAt: timestamp('sent_at', { withTimezone: true, mode: 'date' }),
  },
  (t) => [
    primaryKey({ name: 'notifications_pk', columns: [t.tenantId, t.key] }),
    foreignKey({ name: 'notifications_build_fk', columns: [t.tenantId, t.buildId], foreignColumns: [builds.tenantId, builds.id] }).onDelete('cascade'),
    index('notifications_tenant_build_idx').on(t.tenantId, t.buildId, t.runId),
    check('notifications_status_check', sql`${t.status} in (${list(NOTIFICATION_STATUSES)})`),
    check('notifications_channel_check', sql`${t.channel} in (${list(NOTIFY_CHANNELS)})`),
  ],
);

export type Notification = typeof notifications.$inferSelect;
export type NewNotification = typeof notifications.$inferInsert;
