import { WorkflowNotFoundError, type Client } from '@temporalio/client';
import { appendAuditEvent } from '../db/append-audit-event.js';
import type { Database } from '../db/database.js';
import { withTenant } from '../db/with-tenant.js';

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
}

/** Cancels one build's workflow through Temporal when it still runs; false when it had ended or never began. */
async function cancelIfRunning(client: Client, buildId: string): Promise<boolean> {
  const handle = client.workflow.getHandle(buildId);
  try {
    const described = await handle.describe();
    if (described.status.name !== 'RUNNING') return false;
    await handle.cancel();
    return true;
  } catch (err) {
    if (err instanceof WorkflowNotFoundError) return false;
    throw err;
  }
}

/**
 * Cancels the builds that still run among `buildIds` (Temporal cancellation: each build ends `cancelled`,
 * letting a copy under way finish, and audits its own end) and audits why, once per build and event.
 * Returns the ids cancelled.
 */
export async function cancelBuilds(deps: { db: Database; temporal: Client }, req: CancelBuildsRequest): Promise<string[]> {
  const cancelled: string[] = [];
  for (const buildId of new Set(req.buildIds)) {
    if (!(await cancelIfRunning(deps.temporal, buildId))) continue;
    cancelled.push(buildId);
    const action = CANCEL_REASONS[req.why];
    await withTenant(deps.db, req.tenantId, (tx) =>
      appendAuditEvent(tx, { actor: req.by, action, project: req.repository, buildId, decision: 'allow', data: req.data, idempotencyKey: `${action}:${buildId}:${req.eventKey}` }),
    );
  }
  return cancelled;
}
