import { defineQuery, defineUpdate } from '@temporalio/workflow';
import { commandAction, decide } from '../policies/decide.js';
import type { ImageBuildInput, BuildState, DecisionRequest, DecisionResult } from './image-build-types.js';

/** The build's live state: status, step, digest, findings, approvals. */
export const statusQuery = defineQuery<BuildState>('status');
/** Approve the promotion gate (document 003: Approve Build). */
export const approveUpdate = defineUpdate<DecisionResult, [DecisionRequest]>('approve');
/** Reject: while quarantined, Reject Image; while awaiting approval, a rejection under Approve Build. */
export const rejectUpdate = defineUpdate<DecisionResult, [DecisionRequest]>('reject');
/** Release a quarantined image (document 003: Approve Image). */
export const releaseUpdate = defineUpdate<DecisionResult, [DecisionRequest]>('release');
/** Cancel the build, stopping the running builder (document 003: Cancel Build). */
export const cancelUpdate = defineUpdate<DecisionResult, [DecisionRequest]>('cancel');

export type DecisionKind = 'approve' | 'reject' | 'release' | 'cancel';

/** Statuses in which each decision makes sense. */
const ACCEPTED_IN: Record<DecisionKind, BuildState['status'][]> = {
  approve: ['awaiting_approval'],
  release: ['quarantined'],
  reject: ['quarantined', 'awaiting_approval'],
  cancel: ['queued', 'building', 'scanning', 'quarantined', 'awaiting_approval', 'promoting'],
};

/**
 * Checks a decision against the build's state and the permission matrix. Returns undefined when it may
 * proceed, or the refusal. Pure over its inputs; `now` is the workflow's clock.
 */
export function checkDecision(kind: DecisionKind, req: DecisionRequest, state: BuildState, input: ImageBuildInput, now: Date): DecisionResult | undefined {
  if (!ACCEPTED_IN[kind].includes(state.status)) {
    return {
      ok: false,
      status: state.status,
      reason: `${kind} is not possible while the build is ${state.status.replace('_', ' ')} (possible while ${ACCEPTED_IN[kind].join(' or ').replace(/_/g, ' ')})`,
      source: 'the build life cycle',
    };
  }
  const action = commandAction(kind, state.status)!;
  const decision = decide({
    roles: req.roles,
    action,
    context: {
      subjectTenant: req.tenantId,
      resourceTenant: input.tenantId,
      assigned: req.assigned,
      subjectLogin: req.login,
      resourceAuthor: input.requestedBy.login,
      method: input.config.method,
    },
    now,
  });
  if (decision.effect === 'deny') return { ok: false, status: state.status, reason: decision.reason, source: decision.source };
  return undefined;
}
