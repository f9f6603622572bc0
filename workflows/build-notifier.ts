import { WorkflowExecutionAlreadyStartedError } from '@temporalio/common';
import { CancellationScope, ParentClosePolicy, condition, log, startChild, workflowInfo } from '@temporalio/workflow';
import type { NotifyEvent } from '../manifest/types.js';
import type { BuildConfig } from '../policies/build-rules.js';
import { deliveriesFor, type NotificationAudiences } from '../policies/notification-audiences.js';
import type { BuildState, ImageBuildInput } from './image-build-types.js';
import { notificationDelivery } from './notification-delivery.js';
import { notificationWorkflowId, type NotificationInput, type NotifiedBuild } from './notification-types.js';
import { notifyEvents } from './notify-events.js';

export interface Notifier {
  /** Hands the events still untold to their deliveries and stops: called as the build ends. */
  close(): Promise<void>;
}

/** The build as messages tell it, copied now: later changes do not reach a message already on its way. */
function notifiedBuild(input: ImageBuildInput, state: BuildState, config: BuildConfig | undefined): NotifiedBuild {
  const s = input.source;
  return {
    buildId: input.buildId,
    tenantId: input.tenantId,
    repository: input.repository,
    image: input.image,
    commit: input.commit,
    ...(s.kind === 'github' ? { github: { owner: s.owner, repo: s.repo, ...(s.pullRequest !== undefined ? { pullRequest: s.pullRequest } : {}) } } : {}),
    requestedBy: input.requestedBy,
    trigger: input.trigger,
    state: JSON.parse(JSON.stringify(state)) as BuildState,
    ...(config ? { approval: config.approval } : {}),
  };
}

/**
 * Tells the build's audiences (resolved when it was admitted) about each event it reaches (notify-events.ts),
 * beside the pipeline and never in its way: each event with anyone to tell starts a `notificationDelivery`
 * child (id `notify/<buildId>/<runId>/<event>`, abandoned when the build ends), which retries each
 * delivery on its own for up to a day. So the build never waits for SMTP or Slack, and their being down
 * delays the messages but loses none. Only the start of a child is awaited (as the build ends too, so none
 * is lost); a start refused as a duplicate (the same event told already) is left alone.
 */
export function startNotifier(ctx: { input: ImageBuildInput; state: BuildState; config(): BuildConfig | undefined; audiences(): NotificationAudiences | undefined }): Notifier {
  const { input, state } = ctx;
  const { runId } = workflowInfo();
  const told: NotifyEvent[] = [];
  let closing = false;
  const untold = () => notifyEvents(state).filter((e) => !told.includes(e));

  async function tell(event: NotifyEvent, audiences: NotificationAudiences): Promise<void> {
    const deliveries = deliveriesFor(audiences, event, told);
    told.push(event);
    if (deliveries.length === 0) return;
    const notification: NotificationInput = { tenantId: input.tenantId, buildId: input.buildId, runId, event, at: new Date().toISOString(), build: notifiedBuild(input, state, ctx.config()), deliveries };
    try {
      await startChild(notificationDelivery, { workflowId: notificationWorkflowId(notification), args: [notification], parentClosePolicy: ParentClosePolicy.ABANDON });
    } catch (err) {
      if (err instanceof WorkflowExecutionAlreadyStartedError) return;
      log.warn('a notification could not be started; the build goes on', { buildId: input.buildId, event, error: (err as Error).message });
    }
  }

  const teller = CancellationScope.nonCancellable(async () => {
    for (;;) {
      await condition(() => closing || (ctx.audiences() !== undefined && untold().length > 0));
      const audiences = ctx.audiences();
      // A build that ends before it is admitted (a bad timeout) has nobody to tell.
      if (!audiences) return;
      for (const event of untold()) await tell(event, audiences);
      if (closing && untold().length === 0) return;
    }
  });
  return {
    close() {
      closing = true;
      return teller;
    },
  };
}
