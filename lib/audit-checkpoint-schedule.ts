import { Client, ScheduleAlreadyRunning, ScheduleOverlapPolicy, type ConnectionLike } from '@temporalio/client';
import type { auditCheckpoint } from '../workflows/audit-checkpoint.js';
import type { Config } from './config.js';
import type { PayloadKeyConfig } from './payload-keys.js';
import { productDataConverter } from './temporal-connection.js';

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
  const client = new Client({ connection, namespace: config.temporalNamespace, dataConverter: productDataConverter(config) });
  const scheduleId = checkpointScheduleId(config.taskQueue);
  const spec = { intervals: [{ every: config.checkpointIntervalMs }] };
  const action = { type: 'startWorkflow' as const, workflowType: 'auditCheckpoint', taskQueue: config.taskQueue, args: [] as [] };
  try {
    await client.schedule.create<typeof auditCheckpoint>({ scheduleId, spec, action, policies: { overlap: ScheduleOverlapPolicy.SKIP } });
    return { scheduleId, outcome: 'created' };
  } catch (err) {
    if (!(err instanceof ScheduleAlreadyRunning)) throw err;
  }
  const handle = client.schedule.getHandle(scheduleId);
  const current = await handle.describe();
  const every = current.spec.intervals?.[0]?.every;
  const same =
    current.spec.intervals?.length === 1 &&
    (typeof every === 'number' ? every : Number.NaN) === config.checkpointIntervalMs &&
    current.action.workflowType === action.workflowType &&
    current.action.taskQueue === config.taskQueue;
  if (same) return { scheduleId, outcome: 'unchanged' };
  await handle.update((previous) => ({ ...previous, spec, action, policies: { ...previous.policies, overlap: ScheduleOverlapPolicy.SKIP } }));
  return { scheduleId, outcome: 'updated' };
}
