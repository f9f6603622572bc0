import {
  ActivityCancellationType,
  ApplicationFailure,
  CancellationScope,
  CancelledFailure,
  allHandlersFinished,
  condition,
  isCancellation,
  proxyActivities,
  setHandler,
  workflowInfo,
} from '@temporalio/workflow';
import type { createActivities } from '../activities/create-activities.js';
import { parseDuration } from '../manifest/parse-duration.js';
import { renderTags } from '../manifest/render-tags.js';
import { approvalProgress, approverEligibility } from '../policies/approval-policy.js';
import { evaluateScan } from '../policies/scan-policy.js';
import {
  approveUpdate,
  cancelUpdate,
  checkDecision,
  rejectUpdate,
  releaseUpdate,
  statusQuery,
  type DecisionKind,
} from './image-build-handlers.js';
import type { BuildState, BuildStatus, DecisionRequest, DecisionResult, ImageBuildInput } from './image-build-types.js';
import { imageLocations } from './image-locations.js';

export * from './image-build-handlers.js';

type Activities = ReturnType<typeof createActivities>;

const DEFAULT_APPROVAL_TIMEOUT = '72h';

/**
 * One image at one commit: build -> candidate push -> scan -> (quarantine -> release | reject) ->
 * release tags -> (approval -> approved | rejected | expired) -> promote. Every transition and decision is
 * written to the audit trail by an activity; people act through the updates beside this workflow.
 */
export async function imageBuild(input: ImageBuildInput): Promise<BuildState> {
  const t = input.timeouts ?? {};
  const quick = proxyActivities<Activities>({ startToCloseTimeout: '1 minute', retry: { maximumInterval: '10s' } });
  const long = proxyActivities<Activities>({
    startToCloseTimeout: t.build ? parseDuration(t.build) : '1 hour',
    heartbeatTimeout: t.heartbeat ? parseDuration(t.heartbeat) : '30s',
    cancellationType: ActivityCancellationType.WAIT_CANCELLATION_COMPLETED,
    retry: { maximumAttempts: 3, nonRetryableErrorTypes: ['BuildFailed', 'ScanFailed', 'MethodUnavailable'] },
  });
  const copy = proxyActivities<Activities>({ startToCloseTimeout: '15 minutes', retry: { maximumAttempts: 5 } });

  const { runId } = workflowInfo();
  const now = () => new Date();
  const state: BuildState = {
    buildId: input.buildId,
    image: input.image,
    status: 'queued',
    step: 'queued',
    author: input.requestedBy.login,
    startedAt: now().toISOString(),
    updatedAt: now().toISOString(),
    tags: [],
    approvals: [],
  };
  const loc = imageLocations(input.registry, input.buildKey);
  let auditSeq = 0;
  let verdictTaken: 'released' | 'rejected' | undefined;
  let rejectedBy: DecisionRequest | undefined;

  const transition = async (status: BuildStatus, step: string, detail: Record<string, unknown> = {}) => {
    state.status = status;
    state.step = step;
    state.updatedAt = now().toISOString();
    await quick.recordTransition({
      tenantId: input.tenantId,
      buildId: input.buildId,
      status,
      step,
      detail: { ...detail, digest: state.digest, tags: state.tags },
      idempotencyKey: `${input.buildId}/${runId}/${++auditSeq}`,
    });
  };
  const record = (kind: DecisionKind, req: DecisionRequest, result: DecisionResult) =>
    quick.recordDecision({
      tenantId: input.tenantId,
      buildId: input.buildId,
      kind,
      actor: { login: req.login, roles: req.roles },
      reason: req.reason,
      result,
      idempotencyKey: `${input.buildId}/${runId}/${++auditSeq}`,
    });

  /** A second decision while the first is being carried out is refused, naming the first. */
  const alreadyDecided = (): DecisionResult | undefined =>
    verdictTaken === 'released' || rejectedBy
      ? { ok: false, status: state.status, reason: `already ${rejectedBy ? `rejected by ${rejectedBy.login}` : `released by ${state.decidedBy}`}`, source: 'the build life cycle' }
      : undefined;
  const main = new CancellationScope();
  setHandler(statusQuery, () => state);
  const decisionHandler = (kind: DecisionKind, apply: (req: DecisionRequest) => DecisionResult | undefined) => async (req: DecisionRequest) => {
    const refusal = checkDecision(kind, req, state, input, now()) ?? apply(req);
    const result: DecisionResult = refusal ?? { ok: true, status: state.status, message: `${kind} by ${req.login} accepted` };
    await record(kind, req, result);
    return result;
  };
  setHandler(
    approveUpdate,
    decisionHandler('approve', (req) => {
      const eligible = approverEligibility(input.config.approval, req, input.requestedBy.login, state.approvals);
      if (!eligible.ok) return { ok: false, status: state.status, reason: eligible.reason, source: eligible.source };
      state.approvals.push({ login: req.login, roles: req.roles, teams: req.teams, at: now().toISOString(), reason: req.reason });
      return undefined;
    }),
  );
  setHandler(
    rejectUpdate,
    decisionHandler('reject', (req) => {
      const taken = alreadyDecided();
      if (taken) return taken;
      rejectedBy = req;
      if (state.status === 'quarantined') verdictTaken = 'rejected';
      return undefined;
    }),
  );
  setHandler(
    releaseUpdate,
    decisionHandler('release', (req) => {
      const taken = alreadyDecided();
      if (taken) return taken;
      verdictTaken = 'released';
      state.decidedBy = req.login;
      return undefined;
    }),
  );
  setHandler(
    cancelUpdate,
    decisionHandler('cancel', (req) => {
      state.decidedBy = req.login;
      main.cancel();
      return undefined;
    }),
  );

  try {
    await main.run(() => pipelineSteps());
  } catch (err) {
    if (isCancellation(err) || main.consideredCancelled) {
      state.error = state.decidedBy ? `cancelled by ${state.decidedBy}` : 'cancelled';
      await CancellationScope.nonCancellable(() => transition('cancelled', state.error!, { error: state.error }));
      await condition(allHandlersFinished);
      throw new CancelledFailure(state.error, [state]);
    }
    state.error = err instanceof ApplicationFailure || err instanceof Error ? rootMessage(err) : String(err);
    await CancellationScope.nonCancellable(() => transition('failed', `failed: ${state.error}`, { error: state.error }));
    await condition(allHandlersFinished);
    throw ApplicationFailure.nonRetryable(state.error, 'BuildFailed', state);
  }
  await condition(allHandlersFinished);
  return state;

  async function pipelineSteps(): Promise<void> {
    await quick.recordBuild({ input, status: 'queued' });
    await transition('building', `building with ${input.config.method}`);
    const built = await long.buildImage({
      buildId: input.buildId,
      tenantId: input.tenantId,
      source: input.source,
      config: input.config,
      labels: {
        'org.opencontainers.image.source': input.sourceUrl,
        'org.opencontainers.image.revision': input.commit.sha,
        'org.opencontainers.image.created': input.requestedAt,
        'io.imagefactory.build-id': input.buildId,
      },
      localRef: `localhost/imagefactory/${input.buildKey}:build`,
    });
    const candidate = await copy.pushCandidate({ buildId: input.buildId, tenantId: input.tenantId, localRef: built.imageRef, repository: loc.staging, tag: loc.holdTag });
    state.digest = candidate.digest;
    state.candidate = `${loc.staging}@${candidate.digest}`;

    await transition('scanning', 'scanning for vulnerabilities and secrets');
    const findings = await long.scanImage({ buildId: input.buildId, tenantId: input.tenantId, ref: state.candidate });
    const verdict = evaluateScan(findings, input.config.scan, now());
    state.verdict = verdict;
    state.findings = { vulnerabilities: findings.vulnerabilities.length, secrets: findings.secrets.length, blocking: verdict.blocking.length, dbStatus: findings.dbStatus };
    let source = state.candidate;

    if (verdict.verdict === 'quarantine') {
      const held = await copy.holdInQuarantine({ buildId: input.buildId, tenantId: input.tenantId, from: state.candidate, repository: loc.quarantine, tag: loc.holdTag, reasons: verdict.reasons });
      state.quarantinedAt = held.ref;
      source = held.ref;
      await transition('quarantined', `quarantined: ${verdict.reasons.join('; ')}`, { reasons: verdict.reasons });
      await condition(() => verdictTaken !== undefined);
      if (verdictTaken === 'rejected') {
        await transition('rejected', `rejected by ${rejectedBy?.login}`, { by: rejectedBy?.login, reason: rejectedBy?.reason });
        return;
      }
      state.step = `released from quarantine by ${state.decidedBy}`;
    }

    const tags = renderTags(input.config.tags ?? ['{{sha}}'], { sha: input.commit.sha, branch: input.commit.branch, tag: input.commit.tag, date: new Date(input.requestedAt) });
    const published = await copy.publishImage({ buildId: input.buildId, tenantId: input.tenantId, from: source, repository: loc.release, tags });
    state.repository = loc.release;
    state.tags = published.tags;

    if (input.config.approval?.required) {
      const progress = () => approvalProgress(input.config.approval, state.approvals);
      state.approvalsNeeded = progress().need;
      await transition('awaiting_approval', `awaiting ${progress().need} approval(s)`, { approvers: input.config.approval.approvers ?? [] });
      const timeout = parseDuration(t.approval ?? input.config.approval.timeout ?? DEFAULT_APPROVAL_TIMEOUT);
      const decided = await condition(() => rejectedBy !== undefined || progress().satisfied, timeout);
      if (rejectedBy) {
        await transition('rejected', `rejected by ${rejectedBy.login}`, { by: rejectedBy.login, reason: rejectedBy.reason });
        return;
      }
      if (!decided) {
        await transition('expired', `approval expired after ${t.approval ?? input.config.approval.timeout ?? DEFAULT_APPROVAL_TIMEOUT}`, { approvals: state.approvals.map((a) => a.login) });
        return;
      }
    }

    if (input.config.promote) {
      await transition('promoting', `promoting to ${input.config.promote.to}`);
      const promoted = await copy.publishImage({ buildId: input.buildId, tenantId: input.tenantId, from: `${loc.release}@${state.digest}`, repository: input.config.promote.to, tags: input.config.promote.tags ? renderTags(input.config.promote.tags, { sha: input.commit.sha, branch: input.commit.branch, tag: input.commit.tag, date: new Date(input.requestedAt) }) : state.tags, promotion: true });
      state.promotedTo = `${input.config.promote.to}@${promoted.digest}`;
    }
    await transition('succeeded', input.config.promote ? `promoted to ${input.config.promote.to}` : `published to ${loc.release}`);
  }
}

function rootMessage(err: unknown): string {
  let e = err as { message?: string; cause?: unknown } | undefined;
  let message = e?.message ?? String(err);
  while (e?.cause) {
    e = e.cause as { message?: string; cause?: unknown };
    if (e.message) message = e.message;
  }
  return message;
}
