import { ActivityCancellationType, proxyActivities } from '@temporalio/workflow';
import type { createActivities } from '../activities/create-activities.js';
import type { BuildTimeouts } from './build-timeouts.js';

type Activities = ReturnType<typeof createActivities>;

/**
 * The activities of a build, by how long they may take: `quick` (records, decisions, resolution), `long`
 * (the build and the scan: heartbeating, waiting for their cancellation to finish), `copy` (registry
 * pushes and copies), `announce` (what people are told: check runs). Errors that cannot succeed on a retry
 * are not retried.
 */
export function buildActivities(t: BuildTimeouts) {
  const quick = proxyActivities<Activities>({
    startToCloseTimeout: '1 minute',
    retry: { maximumInterval: '10s', nonRetryableErrorTypes: ['DestinationRefused', 'TenantConfig'] },
  });
  const long = proxyActivities<Activities>({
    startToCloseTimeout: t.build,
    heartbeatTimeout: t.heartbeat,
    cancellationType: ActivityCancellationType.WAIT_CANCELLATION_COMPLETED,
    retry: { maximumAttempts: 3, nonRetryableErrorTypes: ['BuildFailed', 'ScanFailed', 'MethodUnavailable'] },
  });
  const copy = proxyActivities<Activities>({
    startToCloseTimeout: '15 minutes',
    // Pushes and copies beat on every layer: a lost worker's copy moves to another one as soon as a build's would.
    heartbeatTimeout: t.heartbeat,
    retry: { maximumAttempts: 5, nonRetryableErrorTypes: ['DestinationRefused', 'PushFailed'] },
  });
  // Announcements (check runs) never hold a build: retried with backoff for a bounded time, then given up.
  const announce = proxyActivities<Activities>({
    startToCloseTimeout: '1 minute',
    heartbeatTimeout: t.heartbeat,
    scheduleToCloseTimeout: '5 minutes',
    retry: { initialInterval: '1s', backoffCoefficient: 2, maximumInterval: '15s', nonRetryableErrorTypes: ['CheckRunRefused'] },
  });
  return { quick, long, copy, announce };
}

export type BuildActivities = ReturnType<typeof buildActivities>;
