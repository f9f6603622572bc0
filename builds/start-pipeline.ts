import { WorkflowIdConflictPolicy, WorkflowIdReusePolicy, type Client, type WorkflowHandleWithFirstExecutionRunId } from '@temporalio/client';
import type { pipeline } from '../workflows/pipeline.js';
import type { BuildPlan } from './plan-builds.js';

export interface StartedPipeline {
  handle: WorkflowHandleWithFirstExecutionRunId<typeof pipeline>;
  /** False when the same pipeline was already running: the request joined it instead of starting another. */
  started: boolean;
}

/**
 * Starts the pipeline of a plan, or joins it: the id is deterministic, so a redelivered webhook, a double
 * click or a second `imagefactory run` finds the running pipeline instead of starting a new one. A finished
 * pipeline runs again (its children decide what to rebuild: only failed ones, unless `rebuild`).
 */
export async function startPipeline(client: Client, taskQueue: string, plan: BuildPlan): Promise<StartedPipeline> {
  const before = await client.workflow
    .getHandle(plan.pipelineId)
    .describe()
    .catch(() => undefined);
  const handle = await client.workflow.start<typeof pipeline>('pipeline', {
    taskQueue,
    workflowId: plan.pipelineId,
    args: [plan.input],
    workflowIdConflictPolicy: WorkflowIdConflictPolicy.USE_EXISTING,
    workflowIdReusePolicy: WorkflowIdReusePolicy.ALLOW_DUPLICATE,
  });
  return { handle, started: before?.status.name !== 'RUNNING' };
}
