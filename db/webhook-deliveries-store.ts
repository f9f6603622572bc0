import { and, eq, sql } from 'drizzle-orm';
import { rowsOf, type Database } from './database.js';
import { webhookDeliveries } from './schema/webhook-deliveries.js';
import { withTenant } from './with-tenant.js';

/**
 * Takes a delivery for this process: true when it is the first to insert the delivery's row (it handles
 * the delivery), false when another process (or an earlier delivery of the same event) has it. The
 * tenant's row is made first when there is none yet, in the same transaction: one statement, the
 * database's take_delivery (as imagefactory_app and that tenant, as withTenant would), not a transaction
 * of five, since every webhook waits for it.
 */
export async function takeDelivery(db: Database, d: { tenantId: string; guid: string; event: string; by: string }): Promise<boolean> {
  if (typeof d.tenantId !== 'string' || d.tenantId.trim() === '') throw new Error(`takeDelivery needs a tenant id, got ${JSON.stringify(d.tenantId)}`);
  const [row] = rowsOf<{ taken: boolean }>(await db.execute(sql`SELECT take_delivery(${d.tenantId}, ${d.guid}, ${d.event}, ${d.by}) AS taken`));
  return row?.taken === true;
}

/** The delivery was handled: a redelivery of it changes nothing. */
export async function finishDelivery(db: Database, tenantId: string, guid: string): Promise<void> {
  await withTenant(db, tenantId, (tx) => tx.update(webhookDeliveries).set({ status: 'handled', handledAt: new Date() }).where(and(eq(webhookDeliveries.tenantId, tenantId), eq(webhookDeliveries.guid, guid))));
}

/** Handling failed: forget the delivery, so that its redelivery is handled. */
export async function dropDelivery(db: Database, tenantId: string, guid: string): Promise<void> {
  await withTenant(db, tenantId, (tx) => tx.delete(webhookDeliveries).where(and(eq(webhookDeliveries.tenantId, tenantId), eq(webhookDeliveries.guid, guid))));
}

/** Whether a delivery has been handled (the redelivery sweep asks before asking GitHub to send it again). */
export async function deliveryHandled(db: Database, tenantId: string, guid: string): Promise<boolean> {
  const [row] = await withTenant(db, tenantId, (tx) => tx.select({ status: webhookDeliveries.status }).from(webhookDeliveries).where(and(eq(webhookDeliveries.tenantId, tenantId), eq(webhookDeliveries.guid, guid))));
  return row !== undefined;
}
