import { WorkflowNotFoundError, type Client } from '@temporalio/client';
import { recordAuditEvent } from '../db/append-audit-event.js';
import type { Database } from '../db/database.js';

/** Why builds were cancelled without anyone asking for each: the audit actions. */
export const CANCEL_REASONS = {
  /** A pull request got a new head: its old heads' builds are of no use. */
  superseded: 'build.superseded',
  /** A pull request was closed (or merged): what still runs for it stops. */
  pullRequestClosed: 'build.pull_request_closed',
} as const;

export interface CancelBuildsRequest {
  tenantId: string;
  repository: string;
  buildIds: readonly string[];
  why: keyof typeof CANCEL_REASONS;
  /** Whose event it was (the pusher, who closed the pull request). */
  by: string;
  /** What the audit trail keeps of the event: the pull request, the new head. */
  data: Record<string, unknown>;
  /** Makes the audit idempotent per event (the new head's sha, or `closed`). */
  eventKey: string;
  /**
   * Pipelines that may not have started their builds yet (a pull request closed right after it opened):
   * cancelled too when they still run, after the builds, and each of their builds that had not started is
   * audited as cancelled with the rest (it never will start).
   */
  pipelines?: readonly { pipelineId: string; buildIds: readonly string[] }[];
}

type CancelOutcome = 'cancelled' | 'ended' | 'absent';

/** Cancels a workflow through Temporal when it still runs; `ended` when it had ended, `absent` when it never began. */
async function cancelIfRunning(client: Client, workflowId: string): Promise<CancelOutcome> {
  const handle = client.workflow.getHandle(workflowId);
  try {
    const described = await handle.describe();
    if (described.status.name !== 'RUNNING') return 'ended';
    await handle.cancel();
    return 'cancelled';
  } catch (err) {
    if (err instanceof WorkflowNotFoundError) return 'absent';
    throw err;
  }
}

/**
 * Cancels the builds that still run among `buildIds` (Temporal cancellation: each build ends `cancelled`,
 * letting a copy under way finish, and audits its own end), then the `pipelines` that still run (their
 * builds not started yet never start), and audits why, once per build and event. Returns the build ids
 * cancelled.
 */
export async function cancelBuilds(deps: { db: Database; temporal: Client }, req: CancelBuildsRequest): Promise<string[]> {
  const action = CANCEL_REASONS[req.why];
  const audit = (buildId: string) =>
    recordAuditEvent(deps.db, req.tenantId, { actor: req.by, action, project: req.repository, buildId, decision: 'allow', data: req.data, idempotencyKey: `${action}:${buildId}:${req.eventKey}` });
  const cancelled: string[] = [];
  const absent = new Set<string>();
  for (const buildId of new Set([...req.buildIds, ...(req.pipelines ?? []).flatMap((p) => p.buildIds)])) {
    const outcome = await cancelIfRunning(deps.temporal, buildId);
    if (outcome === 'absent') absent.add(buildId);
    if (outcome !== 'cancelled') continue;
    cancelled.push(buildId);
    await audit(buildId);
  }
  for (const pipeline of req.pipelines ?? []) {
    if ((await cancelIfRunning(deps.temporal, pipeline.pipelineId)) !== 'cancelled') continue;
    for (const buildId of pipeline.buildIds.filter((id) => absent.has(id) && !cancelled.includes(id))) {
      cancelled.push(buildId);
      await audit(buildId);
    }
  }
  return cancelled;
}
