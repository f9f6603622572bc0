import { defineQuery, defineUpdate } from '@temporalio/workflow';
import type { ResolvedActor } from '../policies/actor.js';
import { approvalProgress, approverEligibility, selfDecision, withinApprovers } from '../policies/approval-policy.js';
import type { BuildConfig } from '../policies/build-rules.js';
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

/** Statuses in which each decision makes sense (the bot picks the build a decision with no image named is for by them). */
export const ACCEPTED_IN: Record<DecisionKind, BuildState['status'][]> = {
  approve: ['awaiting_approval'],
  release: ['quarantined'],
  reject: ['quarantined', 'awaiting_approval'],
  cancel: ['queued', 'building', 'scanning', 'quarantined', 'awaiting_approval'],
};

const LIFE_CYCLE = 'the build life cycle';

function refuse(state: BuildState, reason: string, source = LIFE_CYCLE): DecisionResult {
  return { ok: false, status: state.status, reason, source };
}

/** A decision that comes after another one has settled the same question is refused, naming the first. */
function alreadySettled(kind: DecisionKind, state: BuildState, config: BuildConfig | undefined): DecisionResult | undefined {
  if (kind === 'cancel') return state.cancelledBy ? refuse(state, `already cancelled by ${state.cancelledBy}`) : undefined;
  if (state.status === 'quarantined') {
    const q = state.quarantineDecision;
    return kind !== 'approve' && q ? refuse(state, `already ${q.verdict} from quarantine by ${q.by}`) : undefined;
  }
  if (state.rejectedBy) return refuse(state, `already rejected by ${state.rejectedBy.login}`);
  if (config && approvalProgress(config.approval, state.approvals).satisfied) {
    return refuse(state, `the build already has the approvals it needs (${state.approvals.map((a) => a.login).join(', ')}) and goes on to promotion`);
  }
  return undefined;
}

/** The rules of the image's approval that apply to this decision, beyond the permission matrix. */
function policyCheck(kind: DecisionKind, actor: ResolvedActor, state: BuildState, input: ImageBuildInput, config: BuildConfig | undefined): DecisionResult | undefined {
  if (!config) return undefined;
  const author = input.requestedBy.login;
  const verdict =
    kind === 'approve' ? approverEligibility(config.approval, actor, author, state.approvals)
    : kind === 'release' ? selfDecision(config.approval, actor, author, 'release')
    : kind === 'reject' && state.status === 'awaiting_approval' ? withinApprovers(config.approval, actor)
    : { ok: true as const };
  return verdict.ok ? undefined : refuse(state, verdict.reason, verdict.source);
}

/**
 * Checks a decision against the build's state, the permission matrix and the image's approval rules, for an
 * actor whose roles the worker has just resolved. Returns undefined when it may proceed, or the refusal.
 * Pure over its inputs; `now` is the workflow's clock.
 */
export function checkDecision(kind: DecisionKind, actor: ResolvedActor, state: BuildState, input: ImageBuildInput, config: BuildConfig | undefined, now: Date): DecisionResult | undefined {
  if (kind === 'cancel' && state.copying) {
    return refuse(state, `cancel is refused while the image is being ${state.copying}: promotion in progress (a copy is never left half-done); the build ends as soon as it is copied`);
  }
  if (!ACCEPTED_IN[kind].includes(state.status)) {
    return refuse(state, `${kind} is not possible while the build is ${state.status.replace('_', ' ')} (possible while ${ACCEPTED_IN[kind].join(' or ').replace(/_/g, ' ')})`);
  }
  const settled = alreadySettled(kind, state, config);
  if (settled) return settled;
  const decision = decide({
    roles: actor.roles,
    action: commandAction(kind, state.status)!,
    context: {
      subjectTenant: actor.tenantId,
      resourceTenant: input.tenantId,
      assigned: actor.assigned,
      subjectLogin: actor.login,
      resourceAuthor: input.requestedBy.login,
      method: input.config.method,
    },
    now,
  });
  if (decision.effect === 'deny') return refuse(state, decision.reason, decision.source);
  return policyCheck(kind, actor, state, input, config);
}
