import { ActivityFailure, ApplicationFailure, proxyActivities, type ActivityOptions } from '@temporalio/workflow';
import type { createActivities } from '../activities/create-activities.js';
import type { Delivery } from '../policies/notification-audiences.js';
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
 *
 * Slack plugs in here: add its activities to createActivities (for example `postSlackMessage`, posting a
 * message or a prompt and keeping its channel and ts on the row, and `updateSlackMessage`, updating the
 * prompt of this build run in place for an event that settles it: released, approved, rejected, expired,
 * cancelled), each taking a DeliveryRequest and returning a DeliveryOutcome, and call them from the
 * `slack` case below; then let admitBuild count Slack among the channels a worker delivers on
 * (activities/notification-channels.ts). Until then no build is admitted with a Slack audience.
 */
function deliver(request: DeliveryRequest): Promise<DeliveryOutcome> {
  switch (request.delivery.channel) {
    case 'email':
      return deliveries.deliverEmail(request);
    case 'slack':
      throw ApplicationFailure.nonRetryable('this worker delivers no Slack messages', 'DeliveryRefused');
  }
}

/** The last words of a failed delivery: the refusal, or the timeout that ended the retries. */
function whyFailed(err: unknown): string {
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
