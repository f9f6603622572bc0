import { WorkflowNotFoundError, type Client, type UpdateDefinition } from '@temporalio/client';
import type { ActorRef } from '../policies/actor.js';
import { approveUpdate, cancelUpdate, rejectUpdate, releaseUpdate, type DecisionKind } from '../workflows/image-build-handlers.js';
import type { DecisionRequest, DecisionResult } from '../workflows/image-build-types.js';

const UPDATES: Record<DecisionKind, UpdateDefinition<DecisionResult, [DecisionRequest]>> = {
  approve: approveUpdate,
  reject: rejectUpdate,
  release: releaseUpdate,
  cancel: cancelUpdate,
};

export type SentDecision = DecisionResult | { ok: false; status: 'not_running'; reason: string; source: string };

/**
 * Sends a person's decision to a running build (a CLI command, a PR comment, a check-run button, a Slack
 * click): who acts and why, nothing more. The build resolves their roles, decides, audits and answers. A
 * build that is not running any more answers that: Temporal refuses an update to a closed or unknown
 * workflow, and only then is the build described, to say how it ended (one round trip for a decision taken).
 */
export async function sendDecision(client: Client, buildId: string, kind: DecisionKind, actor: ActorRef, reason?: string): Promise<SentDecision> {
  const handle = client.workflow.getHandle(buildId);
  try {
    return await handle.executeUpdate(UPDATES[kind], { args: [{ login: actor.login, channel: actor.channel, ...(actor.via ? { via: actor.via } : {}), ...(reason ? { reason } : {}) }] });
  } catch (err) {
    if (!(err instanceof WorkflowNotFoundError)) throw err;
    const described = await handle.describe().catch(() => undefined);
    const over = described && described.status.name !== 'RUNNING' ? `the build ${buildId} is over (${described.status.name.toLowerCase()})` : `no build ${buildId} is running`;
    return { ok: false, status: 'not_running', reason: over, source: 'the build life cycle' };
  }
}
