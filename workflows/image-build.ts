import {
  ApplicationFailure,
  CancellationScope,
  CancelledFailure,
  allHandlersFinished,
  condition,
  isCancellation,
  setHandler,
  workflowInfo,
} from '@temporalio/workflow';
import { tryParseDuration } from '../manifest/parse-duration.js';
import { renderTags } from '../manifest/render-tags.js';
import { approvalProgress } from '../policies/approval-policy.js';
import type { BuildConfig } from '../policies/build-rules.js';
import type { NotificationAudiences } from '../policies/notification-audiences.js';
import { evaluateScan } from '../policies/scan-policy.js';
import { buildActivities } from './build-activities.js';
import { startAnnouncer } from './build-announcer.js';
import { startNotifier } from './build-notifier.js';
import { buildTimeouts, DEFAULT_TIMEOUTS } from './build-timeouts.js';
import { installDecisionHandlers } from './decision-handlers.js';
import { statusQuery } from './image-build-handlers.js';
import type { BuildState, BuildStatus, ImageBuildInput } from './image-build-types.js';
import { imageLocations } from './image-locations.js';

export * from './image-build-handlers.js';

/**
 * One image at one commit: admitted (the tenant's floor and the requester's rights, checked by the worker)
 * -> build -> candidate push -> scan -> (quarantine -> released | rejected) -> release tags -> (approval ->
 * approved | rejected | expired) -> promote. Every transition and decision is written to the audit trail by
 * an activity; people act through the updates beside this workflow (decision-handlers.ts), and hear about
 * it from the announcer (check runs) and the notifier (email, Slack), neither of which holds it.
 */
export async function imageBuild(input: ImageBuildInput): Promise<BuildState> {
  const timeouts = buildTimeouts(input.timeouts);
  const { quick, long, copy, announce } = buildActivities(timeouts.ok ? timeouts.value : DEFAULT_TIMEOUTS);
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
  const target = { buildId: input.buildId, tenantId: input.tenantId, project: input.repository };
  let config: BuildConfig | undefined;
  /** Who hears about the build, once admitted (the manifest's notify: over tenant.yml's). */
  let audiences: NotificationAudiences | undefined;
  let auditSeq = 0;
  const auditKey = () => `${input.buildId}/${runId}/${++auditSeq}`;

  const transition = async (status: BuildStatus, step: string, detail: Record<string, unknown> = {}) => {
    state.status = status;
    state.step = step;
    state.updatedAt = now().toISOString();
    await quick.recordTransition({ tenantId: input.tenantId, buildId: input.buildId, status, step, detail: { ...detail, digest: state.digest, tags: state.tags }, idempotencyKey: auditKey() });
  };

  const main = new CancellationScope();
  setHandler(statusQuery, () => (config && state.status === 'awaiting_approval' ? { ...state, approvalsMissing: approvalProgress(config.approval, state.approvals).missing } : state));
  installDecisionHandlers({ input, state, quick, config: () => config, now, auditKey, cancel: () => main.cancel() });
  const announcer = startAnnouncer({ input, state, config: () => config, announce });
  const notifier = startNotifier({ input, state, config: () => config, audiences: () => audiences });

  /** An image copy runs to its end once started (cancel waits for it), so no tag is ever left half-written. */
  const underWay = async <T>(what: string, fn: () => Promise<T>): Promise<T> => {
    if (main.consideredCancelled) throw new CancelledFailure('cancelled');
    state.copying = what;
    try {
      return await CancellationScope.nonCancellable(fn);
    } finally {
      state.copying = undefined;
    }
  };

  // The last state is announced, and decisions in flight are answered, before the build ends, whatever ended it.
  const handlersDone = () =>
    CancellationScope.nonCancellable(async () => {
      await Promise.all([announcer.close(), notifier.close()]);
      await condition(allHandlersFinished);
    });
  try {
    await main.run(() => pipelineSteps());
  } catch (err) {
    if (isCancellation(err) || main.consideredCancelled) {
      state.error = state.cancelledBy ? `cancelled by ${state.cancelledBy}` : 'cancelled';
      await CancellationScope.nonCancellable(() => transition('cancelled', state.error!, { error: state.error }));
      await handlersDone();
      throw new CancelledFailure(state.error, [state]);
    }
    state.error = err instanceof ApplicationFailure || err instanceof Error ? rootMessage(err) : String(err);
    await CancellationScope.nonCancellable(() => transition('failed', `failed: ${state.error}`, { error: state.error }));
    await handlersDone();
    throw ApplicationFailure.nonRetryable(state.error, 'BuildFailed', state);
  }
  await handlersDone();
  return state;

  async function pipelineSteps(): Promise<void> {
    const admitted = await quick.admitBuild({ input, idempotencyKey: `${input.buildId}/${runId}/requested` });
    audiences = admitted.audiences;
    if (!timeouts.ok) throw ApplicationFailure.nonRetryable(timeouts.message, 'InvalidInput');
    if (!admitted.ok) throw ApplicationFailure.nonRetryable(`refused: ${admitted.reason} (${admitted.source})`, 'BuildRefused');
    const rules = (config = admitted.config);
    state.policies = { scan: rules.scan.policy, promotion: rules.approval.policies };

    await transition('building', `building with ${rules.method}`);
    const built = await long.buildImage({
      buildId: input.buildId,
      tenantId: input.tenantId,
      source: input.source,
      config: rules,
      labels: {
        'org.opencontainers.image.source': input.sourceUrl,
        'org.opencontainers.image.revision': input.commit.sha,
        'org.opencontainers.image.created': input.requestedAt,
        'io.imagefactory.build-id': input.buildId,
      },
      localRef: `localhost/imagefactory/${input.buildKey}:build`,
    });
    const candidate = await copy.pushCandidate({ ...target, localRef: built.imageRef, repository: loc.staging, tag: loc.holdTag });
    state.digest = candidate.digest;
    state.candidate = `${loc.staging}@${candidate.digest}`;

    await transition('scanning', 'scanning for vulnerabilities and secrets');
    const findings = await long.scanImage({ buildId: input.buildId, tenantId: input.tenantId, ref: state.candidate });
    const verdict = evaluateScan(findings, rules.scan, now());
    state.verdict = verdict;
    state.findings = { vulnerabilities: findings.vulnerabilities.length, secrets: findings.secrets.length, blocking: verdict.blocking.length, dbStatus: findings.dbStatus };
    let source = state.candidate;

    if (verdict.verdict === 'quarantine') {
      const held = await copy.holdInQuarantine({ ...target, from: state.candidate, repository: loc.quarantine, tag: loc.holdTag, reasons: verdict.reasons });
      state.quarantinedAt = held.ref;
      source = held.ref;
      await transition('quarantined', `quarantined: ${verdict.reasons.join('; ')}`, { reasons: verdict.reasons });
      await condition(() => state.quarantineDecision !== undefined);
      const decided = state.quarantineDecision!;
      if (decided.verdict === 'rejected') {
        await transition('rejected', `rejected by ${decided.by}`, { by: decided.by, reason: decided.reason });
        return;
      }
      state.step = `released from quarantine by ${decided.by}`;
    }

    const tagContext = { sha: input.commit.sha, branch: input.commit.branch, tag: input.commit.tag, date: new Date(input.requestedAt) };
    const tags = renderTags(rules.tags ?? ['{{sha}}'], tagContext);
    const published = await underWay(`published to ${loc.release}`, () => copy.publishImage({ ...target, from: source, repository: loc.release, tags }));
    state.repository = loc.release;
    state.tags = published.tags;

    if (rules.approval.required) {
      const progress = () => approvalProgress(rules.approval, state.approvals);
      const timeout = timeouts.ok && timeouts.value.approval ? timeouts.value.approval : rules.approval.timeout;
      state.approvalsNeeded = progress().need;
      await transition('awaiting_approval', `awaiting ${progress().need} approval(s)`, { approvers: rules.approval.approvers, require_each: rules.approval.require_each, policies: rules.approval.policies });
      const timeoutMs = tryParseDuration(timeout);
      if (!timeoutMs) throw ApplicationFailure.nonRetryable(`the approval timeout ${JSON.stringify(timeout)} is not a duration longer than zero`, 'InvalidInput');
      const decided = await condition(() => state.rejectedBy !== undefined || progress().satisfied, timeoutMs);
      if (state.rejectedBy) {
        await transition('rejected', `rejected by ${state.rejectedBy.login}`, { by: state.rejectedBy.login, reason: state.rejectedBy.reason });
        return;
      }
      if (!decided) {
        await transition('expired', `approval expired after ${timeout}`, { approvals: state.approvals.map((a) => a.login) });
        return;
      }
    }

    const promote = rules.promote;
    if (!promote) {
      await transition('succeeded', `published to ${loc.release}`);
      return;
    }
    await transition('promoting', `promoting to ${promote.to}`);
    const promoteTags = promote.tags ? renderTags(promote.tags, tagContext) : state.tags;
    await underWay(`promoted to ${promote.to}`, async () => {
      const promoted = await copy.publishImage({ ...target, from: `${loc.release}@${state.digest}`, repository: promote.to, tags: promoteTags, promotion: true });
      state.promotedTo = `${promote.to}@${promoted.digest}`;
      await transition('succeeded', `promoted to ${promote.to}`);
    });
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
