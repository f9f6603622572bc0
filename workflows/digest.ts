import { defineSearchAttributeKey, SearchAttributeType } from '@temporalio/common';
import { proxyActivities, workflowInfo } from '@temporalio/workflow';
import type { createActivities } from '../activities/create-activities.js';
import { DIGEST_PERIOD_LABEL, DIGEST_PERIOD_MS } from '../manifest/digest-plan.js';
import { reportPeriod } from '../templates/report/build-stats.js';
import type { DigestInput, DigestResult, DigestRun } from './digest-types.js';
import { DELIVERY_RETRY, whyFailed } from './notification-delivery.js';

type Activities = ReturnType<typeof createActivities>;

const { prepareDigest, recordDigestFailure } = proxyActivities<Activities>({ startToCloseTimeout: '2 minutes', retry: { maximumInterval: '30s' } });
// Rendering the charts and sending: retried as every notification is (a mail server down delays, loses none).
const { deliverDigest } = proxyActivities<Activities>(DELIVERY_RETRY);

/** The time the schedule started this run for (its spec's time, not when the worker got to it). */
const SCHEDULED_AT = defineSearchAttributeKey('TemporalScheduledStartTime', SearchAttributeType.DATETIME);

/** The period's end: given (a digest started by hand), else the schedule's time for this run, to the second. */
function periodEnd(input: DigestInput): Date {
  if (input.until) return new Date(input.until);
  const at = workflowInfo().typedSearchAttributes.get(SCHEDULED_AT) ?? workflowInfo().startTime;
  return new Date(Math.floor(at.getTime() / 1000) * 1000);
}

/**
 * Started by a digest schedule (lib/digest-schedules.ts): the numbers of the period that just ended for the
 * project (or every project of the tenant) are read once, then each address gets one email rendered from
 * them, with its charts, each delivery retried with backoff for up to a day and sent at most once per
 * period (the digest_deliveries table); one that gives up is recorded and audited.
 */
export async function digest(input: DigestInput): Promise<DigestResult> {
  const until = periodEnd(input);
  const period = reportPeriod(new Date(until.getTime() - DIGEST_PERIOD_MS[input.cadence]), until, DIGEST_PERIOD_LABEL[input.cadence]);
  const run: DigestRun = { input, period };
  const result: DigestResult = { period, sent: [], alreadySent: [], failed: [] };
  const prepared = await prepareDigest(run);
  if (!prepared.ok) return { ...result, skipped: prepared.skipped };
  await Promise.all(
    input.to.map(async (recipient) => {
      try {
        const outcome = await deliverDigest({ run, stats: prepared.stats, recipient });
        (outcome.status === 'sent' ? result.sent : result.alreadySent).push(recipient);
      } catch (err) {
        const error = whyFailed(err);
        await recordDigestFailure({ run, recipient, error });
        result.failed.push({ recipient, error });
      }
    }),
  );
  return result;
}
