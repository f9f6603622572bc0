import type { Database } from '../db/database.js';
import { recordNotificationFailure } from '../db/notifications-store.js';
import { deliveryKey, type Delivery } from '../policies/notification-audiences.js';
import type { NotificationInput } from '../workflows/notification-types.js';

export interface DeliveryFailure {
  notification: NotificationInput;
  delivery: Delivery;
  error: string;
}

/** What the notification workflow records besides the deliveries themselves. */
export function notificationRecordActivities(deps: { db: Database }) {
  return {
    /** A delivery that gave up (refused, or a day of retries over): its row says failed, and the audit trail says so once. */
    async recordDeliveryFailure({ notification: n, delivery, error }: DeliveryFailure): Promise<void> {
      await recordNotificationFailure(deps.db, {
        tenantId: n.tenantId,
        key: deliveryKey(n, delivery),
        buildId: n.buildId,
        runId: n.runId,
        event: n.event,
        channel: delivery.channel,
        recipient: delivery.recipient,
        project: n.build.repository,
        error,
      });
    },
  };
}
