import { WorkflowExecutionAlreadyStartedError } from '@temporalio/common';
import { ActivityFailure, ApplicationFailure, ParentClosePolicy, log, proxyActivities, startChild, workflowInfo } from '@temporalio/workflow';
import type { createActivities } from '../activities/create-activities.js';
import { notificationDelivery } from './notification-delivery.js';
import { notificationWorkflowId } from './notification-types.js';

type Activities = ReturnType<typeof createActivities>;

const { listPromotedImages } = proxyActivities<Activities>({ startToCloseTimeout: '2 minutes', retry: { maximumInterval: '30s', maximumAttempts: 10 } });
const { rescanImage } = proxyActivities<Activities>({
  startToCloseTimeout: '20 minutes',
  heartbeatTimeout: '1 minute',
  retry: { initialInterval: '5s', maximumInterval: '2 minutes', maximumAttempts: 5, nonRetryableErrorTypes: ['ScanFailed'] },
});

export interface RescanPromotedInput {
  tenantId: string;
}

export interface RescanPromotedResult {
  scanned: number;
  /** Digests with vulnerabilities newly blocking, and the ids. */
  found: { buildId: string; digest: string; ids: string[] }[];
  /** Digests that could not be scanned (gone from the registry, the scanner failing), and why. */
  failed: { buildId: string; digest: string; error: string }[];
}

const messageOf = (err: unknown) => {
  const cause = err instanceof ActivityFailure ? err.cause : err;
  return cause instanceof ApplicationFailure || cause instanceof Error ? cause.message : String(cause);
};

/**
 * Started by the tenant's re-scan schedule (lib/tenant-schedules.ts): every digest the tenant delivered is
 * scanned again, one after the other, with the vulnerability database the worker has now (rescanImage keeps
 * the scan, audits what is newly blocking). For each digest with something new and someone to tell, a
 * `notificationDelivery` child (id `notify/<buildId>/rescan-<finding set>/vulnerability_found`, abandoned)
 * tells every recipient of the project's channels: the same findings again start nothing (a duplicate id).
 * A digest that cannot be scanned is reported and the others go on.
 */
export async function rescanPromoted({ tenantId }: RescanPromotedInput): Promise<RescanPromotedResult> {
  const { workflowId, runId } = workflowInfo();
  const result: RescanPromotedResult = { scanned: 0, found: [], failed: [] };
  for (const image of await listPromotedImages({ tenantId })) {
    let outcome;
    try {
      outcome = await rescanImage({ tenantId, image, run: `${workflowId}/${runId}` });
    } catch (err) {
      result.failed.push({ buildId: image.buildId, digest: image.digest, error: messageOf(err) });
      log.warn('a promoted image could not be re-scanned', { tenantId, buildId: image.buildId, digest: image.digest, error: messageOf(err) });
      continue;
    }
    result.scanned++;
    if (outcome.newlyBlocking.length > 0) result.found.push({ buildId: outcome.buildId, digest: outcome.digest, ids: outcome.newlyBlocking });
    const n = outcome.notification;
    if (!n) continue;
    try {
      await startChild(notificationDelivery, { workflowId: notificationWorkflowId(n), args: [n], parentClosePolicy: ParentClosePolicy.ABANDON });
    } catch (err) {
      if (!(err instanceof WorkflowExecutionAlreadyStartedError)) throw err;
    }
  }
  return result;
}
