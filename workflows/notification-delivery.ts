import { ActivityFailure, proxyActivities, type ActivityOptions } from '@temporalio/workflow';
import type { createActivities } from '../activities/create-activities.js';
import { SETTLING_EVENTS, type Delivery } from '../policies/notification-audiences.js';
import type { DeliveryOutcome, DeliveryRequest, NotificationInput, NotificationResult } from './notification-types.js';

type Activities = ReturnType<typeof createActivities>;

/**
 * How long a delivery keeps trying: every attempt bounded, retried with backoff (1 s doubling up to a
 * minute between attempts) and no limit on attempts for a day; a refusal no retry changes (an SMTP server
 * rejecting the address for good) ends it at once.
 */
export const DELIVERY_RETRY: ActivityOptions = {
  startToCloseTimeout: '1 minute',
  scheduleToCloseTimeout: '24 hours',
  retry: { initialInterval: '1s', backoffCoefficient: 2, maximumInterval: '1 minute', nonRetryableErrorTypes: ['DeliveryRefused'] },
};

const deliveries = proxyActivities<Activities>(DELIVERY_RETRY);
const records = proxyActivities<Activities>({ startToCloseTimeout: '1 minute', retry: { maximumInterval: '10s' } });

/**
 * Each channel's delivery activity: one call per recipient, idempotent through the `notifications` table.
 * On Slack, an event that settles a prompt (released, approved, rejected, expired, cancelled) updates this
 * build run's prompts in place (`updateSlackMessage`); any other posts a prompt or a message and keeps its
 * channel and ts on the row (`postSlackMessage`).
 */
function deliver(request: DeliveryRequest): Promise<DeliveryOutcome> {
  switch (request.delivery.channel) {
    case 'email':
      return deliveries.deliverEmail(request);
    case 'slack':
      return (SETTLING_EVENTS as readonly string[]).includes(request.notification.event) ? deliveries.updateSlackMessage(request) : deliveries.postSlackMessage(request);
  }
}

/** The last words of a failed delivery: the refusal, or the timeout that ended the retries. */
export function whyFailed(err: unknown): string {
  const cause = err instanceof ActivityFailure ? err.cause : err;
  const inner = (cause as { cause?: { message?: string } } | undefined)?.cause?.message;
  const message = (cause as Error | undefined)?.message ?? String(err);
  return inner && inner !== message ? `${message}: ${inner}` : message;
}

/**
 * One event of one build run, told to everyone it concerns (workflow id `notify/<buildId>/<runId>/<event>`,
 * started by the build's notifier and outliving it): each delivery on its own, retried with backoff until
 * it is sent or a day has passed; one that gives up is recorded as failed and audited. A delivery already
 * sent (an earlier attempt, a duplicate start) is not sent again.
 */
export async function notificationDelivery(n: NotificationInput): Promise<NotificationResult> {
  const result: NotificationResult = { sent: [], failed: [] };
  await Promise.all(
    n.deliveries.map(async (delivery: Delivery) => {
      try {
        await deliver({ notification: n, delivery });
        result.sent.push(delivery);
      } catch (err) {
        const error = whyFailed(err);
        await records.recordDeliveryFailure({ notification: n, delivery, error });
        result.failed.push({ ...delivery, error });
      }
    }),
  );
  return result;
}
