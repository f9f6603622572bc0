import { proxyActivities } from '@temporalio/workflow';
import type { CheckpointRunResult } from '../activities/audit-checkpoints.js';
import type { createActivities } from '../activities/create-activities.js';

const { signAuditCheckpoints } = proxyActivities<ReturnType<typeof createActivities>>({
  startToCloseTimeout: '10 minutes',
  retry: { maximumAttempts: 5, maximumInterval: '1 minute', nonRetryableErrorTypes: ['NoSigningKey'] },
});

/**
 * Started by the audit checkpoint schedule (lib/audit-checkpoint-schedule.ts) every
 * IMAGEFACTORY_CHECKPOINT_INTERVAL: signs the head of every tenant whose audit chain moved.
 */
export async function auditCheckpoint(): Promise<CheckpointRunResult> {
  return signAuditCheckpoints();
}
