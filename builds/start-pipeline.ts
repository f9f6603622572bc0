import { WorkflowExecutionAlreadyStartedError, WorkflowIdConflictPolicy, WorkflowIdReusePolicy, type Client, type WorkflowHandleWithFirstExecutionRunId } from '@temporalio/client';
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
 * pipeline runs again (its children decide what to rebuild: only failed ones, unless `rebuild`). One call
 * to Temporal when it starts: a start that fails because the pipeline runs (ALREADY_EXISTS) is what says it
 * is joined, and only then is the running one asked for.
 */
export async function startPipeline(client: Client, taskQueue: string, plan: BuildPlan): Promise<StartedPipeline> {
  const start = (workflowIdConflictPolicy: WorkflowIdConflictPolicy) =>
    client.workflow.start<typeof pipeline>('pipeline', { taskQueue, workflowId: plan.pipelineId, args: [plan.input], workflowIdConflictPolicy, workflowIdReusePolicy: WorkflowIdReusePolicy.ALLOW_DUPLICATE });
  try {
    return { handle: await start(WorkflowIdConflictPolicy.FAIL), started: true };
  } catch (err) {
    if (!(err instanceof WorkflowExecutionAlreadyStartedError)) throw err;
    return { handle: await start(WorkflowIdConflictPolicy.USE_EXISTING), started: false };
  }
}
