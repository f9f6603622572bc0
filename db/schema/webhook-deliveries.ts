import { sql } from 'drizzle-orm';
import { check, pgTable, primaryKey, text, timestamp } from 'drizzle-orm/pg-core';
import { tenants } from './tenants.js';

export const DELIVERY_STATUSES = ['handling', 'handled'] as const;
export type DeliveryStatus = (typeof DELIVERY_STATUSES)[number];

/**
 * The webhook deliveries the App took (`X-GitHub-Delivery`, the same for a redelivery): whichever bot
 * process inserts the row first handles it, any other copy is answered and left alone. A delivery whose
 * handling failed leaves no row, so its redelivery is handled.
 */
export const webhookDeliveries = pgTable(
  'webhook_deliveries',
  {
    tenantId: text('tenant_id').notNull().references(() => tenants.id),
    guid: text('guid').notNull(),
    /** `event.action`, e.g. `issue_comment.created`. */
    event: text('event').notNull(),
    status: text('status', { enum: DELIVERY_STATUSES }).notNull(),
    receivedAt: timestamp('received_at', { withTimezone: true, mode: 'date' }).notNull().defaultNow(),
    handledAt: timestamp('handled_at', { withTimezone: true, mode: 'date' }),
    /** The bot process that took it (host and pid). */
    handledBy: text('handled_by').notNull(),
  },
  (t) => [primaryKey({ name: 'webhook_deliveries_pk', columns: [t.tenantId, t.guid] }), check('webhook_deliveries_status_check', sql`${t.status} in ('handling', 'handled')`)],
);

export type WebhookDelivery = typeof webhookDeliveries.$inferSelect;
