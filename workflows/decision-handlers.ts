import { setHandler } from '@temporalio/workflow';
import { actorRefProblem, type ResolvedActor } from '../policies/actor.js';
import type { BuildConfig } from '../policies/build-rules.js';
import type { BuildActivities } from './build-activities.js';
import { approveUpdate, cancelUpdate, checkDecision, rejectUpdate, releaseUpdate, type DecisionKind } from './image-build-handlers.js';
import type { BuildState, DecisionRequest, DecisionResult, ImageBuildInput } from './image-build-types.js';

export interface DecisionContext {
  input: ImageBuildInput;
  state: BuildState;
  quick: BuildActivities['quick'];
  /** The settings the build runs with, once admitted. */
  config(): BuildConfig | undefined;
  now(): Date;
  /** The next idempotency key of this run's audit events. */
  auditKey(): string;
  /** Stops the build (an accepted cancel). */
  cancel(): void;
}

/** Turns away a malformed request before it reaches the history: who acts must be a login and a known channel. */
function validate(req: DecisionRequest): void {
  const problem = actorRefProblem(req);
  if (problem) throw new TypeError(problem);
}

/** What an accepted decision changes in the build's state (the main flow waits on these). */
function apply(kind: DecisionKind, actor: ResolvedActor, req: DecisionRequest, ctx: DecisionContext): void {
  const { state } = ctx;
  if (kind === 'approve') state.approvals.push({ login: actor.login, roles: actor.roles, teams: actor.teams, at: ctx.now().toISOString(), reason: req.reason });
  else if (kind === 'release') state.quarantineDecision = { verdict: 'released', by: actor.login, reason: req.reason };
  else if (kind === 'reject' && state.status === 'quarantined') state.quarantineDecision = { verdict: 'rejected', by: actor.login, reason: req.reason };
  else if (kind === 'reject') state.rejectedBy = { login: actor.login, reason: req.reason };
  else {
    state.cancelledBy = actor.login;
    ctx.cancel();
  }
}

/**
 * The approve, reject, release and cancel updates. Each names only who acts; the worker resolves their
 * roles and teams from the mappings in force (an activity), then the decision is checked and applied in one
 * step against the state as it is at that moment (so of an approve and a reject arriving together, the
 * second sees the first), and audited with what was resolved.
 */
export function installDecisionHandlers(ctx: DecisionContext): void {
  const { input } = ctx;
  const scope = { tenantId: input.tenantId, repository: input.repository, localDir: input.source.kind === 'local' ? input.source.path : undefined };
  const handler = (kind: DecisionKind) => async (req: DecisionRequest): Promise<DecisionResult> => {
    const approval = ctx.config()?.approval;
    const teams = approval ? [...approval.approvers.flat(), ...approval.require_each].filter((s) => s.startsWith('@')) : [];
    const actor = await ctx.quick.resolveActor({ scope, actor: { login: req.login, channel: req.channel, via: req.via }, teams });
    const refusal = checkDecision(kind, actor, ctx.state, input, ctx.config(), ctx.now());
    const result: DecisionResult = refusal ?? { ok: true, status: ctx.state.status, message: `${kind} by ${actor.login} accepted` };
    if (!refusal) apply(kind, actor, req, ctx);
    await ctx.quick.recordDecision({ tenantId: input.tenantId, buildId: input.buildId, kind, actor, reason: req.reason, result, idempotencyKey: ctx.auditKey() });
    return result;
  };
  setHandler(approveUpdate, handler('approve'), { validator: validate });
  setHandler(rejectUpdate, handler('reject'), { validator: validate });
  setHandler(releaseUpdate, handler('release'), { validator: validate });
  setHandler(cancelUpdate, handler('cancel'), { validator: validate });
}
