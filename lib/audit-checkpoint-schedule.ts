import type { ConnectionLike } from '@temporalio/client';
import type { auditCheckpoint } from '../workflows/audit-checkpoint.js';
import type { Config } from './config.js';
import { ensureIntervalSchedule, scheduleClient } from './interval-schedule.js';
import type { PayloadKeyConfig } from './payload-keys.js';

/** One schedule per task queue (deployments sharing a namespace keep theirs apart). */
export const checkpointScheduleId = (taskQueue: string) => `imagefactory-audit-checkpoints-${taskQueue}`;

/**
 * Creates the Temporal Schedule that starts the `auditCheckpoint` workflow every
 * IMAGEFACTORY_CHECKPOINT_INTERVAL on the task queue, or updates it when its interval or queue changed;
 * every worker calls this when it starts, so several workers leave one schedule. Overlapping runs are
 * skipped. Returns whether it was created, updated or already as configured.
 */
export async function ensureAuditCheckpointSchedule(
  connection: ConnectionLike,
  config: Pick<Config, 'temporalNamespace' | 'taskQueue' | 'checkpointIntervalMs'> & PayloadKeyConfig,
): Promise<{ scheduleId: string; outcome: 'created' | 'updated' | 'unchanged' }> {
  const client = scheduleClient(connection, config);
  const scheduleId = checkpointScheduleId(config.taskQueue);
  const outcome = await ensureIntervalSchedule(client, scheduleId, { everyMs: config.checkpointIntervalMs, workflowType: 'auditCheckpoint', taskQueue: config.taskQueue, args: [] as Parameters<typeof auditCheckpoint> });
  return { scheduleId, outcome: outcome as 'created' | 'updated' | 'unchanged' };
}
