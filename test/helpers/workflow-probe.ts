import { WorkflowNotFoundError, type Client } from '@temporalio/client';
import { statusQuery } from '../../workflows/image-build-handlers.js';
import type { BuildState } from '../../workflows/image-build-types.js';

/** Whether Temporal knows a workflow of this id (running or ended): what a handler started before it answered. */
export async function workflowExists(client: Client, workflowId: string): Promise<boolean> {
  try {
    await client.workflow.getHandle(workflowId).describe();
    return true;
  } catch (err) {
    if (err instanceof WorkflowNotFoundError) return false;
    throw err;
  }
}

/** A build's state as its workflow tells it (live, or its last one once ended), or undefined when there is no such build. */
export async function buildStateOf(client: Client, buildId: string): Promise<BuildState | undefined> {
  return client.workflow
    .getHandle(buildId)
    .query(statusQuery)
    .catch(() => undefined);
}
