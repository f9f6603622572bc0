import { and, eq, sql } from 'drizzle-orm';
import type { NotifyChannel } from '../manifest/types.js';
import { appendAuditEvent } from './append-audit-event.js';
import type { Database } from './database.js';
import { notifications, type Notification } from './schema/notifications.js';
import { withTenant } from './with-tenant.js';

/** One delivery as its row names it: `key` is `<buildId>/<runId>/<event>/<channel>/<recipient>`. */
export interface NotificationRowKey {
  tenantId: string;
  key: string;
  buildId: string;
  runId: string;
  event: string;
  channel: NotifyChannel;
  recipient: string;
}

/**
 * Takes one attempt at a delivery: creates its row (pending) or counts one more attempt on it, and returns
 * the row as it is now. A row already `sent` is left as it is: the caller sends nothing.
 */
export async function claimNotification(db: Database, row: NotificationRowKey & { messageId?: string }): Promise<Notification> {
  return withTenant(db, row.tenantId, async (tx) => {
    const [claimed] = await tx
      .insert(notifications)
      .values({ ...row, status: 'pending', attempts: 1 })
      .onConflictDoUpdate({
        target: [notifications.tenantId, notifications.key],
        set: { attempts: sql`${notifications.attempts} + case when ${notifications.status} = 'sent' then 0 else 1 end`, updatedAt: sql`now()` },
      })
      .returning();
    return claimed;
  });
}

/** The delivery went out: never again. A Slack message keeps where it was posted. */
export async function markNotificationSent(db: Database, tenantId: string, key: string, posted: { slackChannel?: string; slackTs?: string } = {}): Promise<void> {
  await withTenant(db, tenantId, (tx) =>
    tx.update(notifications).set({ status: 'sent', sentAt: sql`now()`, updatedAt: sql`now()`, lastError: null, ...posted }).where(eq(notifications.key, key)),
  );
}

/** An attempt failed (it will be retried): why, for whoever looks at a delivery that is late. */
export async function noteNotificationError(db: Database, tenantId: string, key: string, error: string): Promise<void> {
  await withTenant(db, tenantId, (tx) => tx.update(notifications).set({ lastError: error, updatedAt: sql`now()` }).where(and(eq(notifications.key, key), eq(notifications.status, 'pending'))));
}

/**
 * The delivery gave up: its row says `failed` with the last error (made if no attempt ever reached the
 * database), and the tenant's audit trail says so, once (`notification.failed`).
 */
export async function recordNotificationFailure(db: Database, row: NotificationRowKey & { project: string; error: string }): Promise<void> {
  const { project, error, ...key } = row;
  await withTenant(db, row.tenantId, async (tx) => {
    await tx
      .insert(notifications)
      .values({ ...key, status: 'failed', lastError: error })
      .onConflictDoUpdate({ target: [notifications.tenantId, notifications.key], set: { status: sql`case when ${notifications.status} = 'sent' then 'sent' else 'failed' end`, lastError: error, updatedAt: sql`now()` } });
    await appendAuditEvent(tx, {
      actor: 'system',
      action: 'notification.failed',
      project,
      buildId: row.buildId,
      reason: error,
      data: { event: row.event, channel: row.channel, recipient: row.recipient, run: row.runId },
      idempotencyKey: `notification.failed/${row.key}`,
    });
  });
}

/** A build run's Slack deliveries to one channel, whatever their status: its prompts, to update in place when it is decided. */
export async function slackDeliveriesOfRun(db: Database, tenantId: string, buildId: string, runId: string, recipient: string): Promise<Notification[]> {
  return withTenant(db, tenantId, (tx) =>
    tx
      .select()
      .from(notifications)
      .where(and(eq(notifications.buildId, buildId), eq(notifications.runId, runId), eq(notifications.channel, 'slack'), eq(notifications.recipient, recipient))),
  );
}
