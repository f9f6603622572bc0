import { Context } from '@temporalio/activity';

/**
 * An idempotency key for an audit event an activity writes: unique to the build's workflow run, so a
 * retried attempt writes nothing twice while a new run of the same build (a rebuild) is audited in full.
 */
export function runKey(buildId: string, what: string): string {
  const { workflowExecution, activityId } = Context.current().info;
  return `${buildId}/${workflowExecution?.runId ?? `activity-${activityId}`}/${what}`;
}
