import { CancellationScope, condition, log, workflowInfo } from '@temporalio/workflow';
import type { BuildEvent, BuildReceipts } from '../activities/announce-build.js';
import type { BuildConfig } from '../policies/build-rules.js';
import type { BuildActivities } from './build-activities.js';
import type { BuildState, GitHubCommitTarget, ImageBuildInput } from './image-build-types.js';

/** The GitHub commit a build writes its check run on: `report.checkRun`, else a GitHub source's commit. */
export function checkRunTarget(input: Pick<ImageBuildInput, 'report' | 'source'>): GitHubCommitTarget | undefined {
  if (input.report?.checkRun) return input.report.checkRun;
  const s = input.source;
  return s.kind === 'github' ? { owner: s.owner, repo: s.repo, sha: s.sha, installationId: s.installationId } : undefined;
}

/** What people see of a build: when it changes, it is told again. */
const shown = (s: BuildState) => JSON.stringify([s.status, s.step, s.approvals.length, s.digest, s.tags, s.promotedTo, s.quarantineDecision?.verdict, s.rejectedBy?.login]);

export interface Announcer {
  /** Sends what is still unsaid and stops: the build's last state reaches its audiences before the workflow ends. */
  close(): Promise<void>;
}

/**
 * Announces the build at every change people should see (a new state, a decision), beside the pipeline
 * and never in its way: one announcement at a time, in order. Every state is told, in order; changes
 * within one state (a decision, a step) fold into the newest not yet sent. An announcement that fails
 * after its retries is logged and given up, and the newest state is told next, so an outage delays what
 * people see but never piles up. Cancelling the build does not stop it: the cancellation is told too.
 */
export function startAnnouncer(ctx: { input: ImageBuildInput; state: BuildState; config(): BuildConfig | undefined; announce: BuildActivities['announce'] }): Announcer {
  const checkRun = checkRunTarget(ctx.input);
  // Nobody to tell (Slack and email audiences join here).
  if (!checkRun) return { close: async () => {} };
  const { input, state } = ctx;
  const { runId, runStartTime } = workflowInfo();
  const backlog: BuildState[] = [];
  let receipts: BuildReceipts = {};
  let closing = false;
  let watching = true;

  // Notes each change as it happens (every status change is its own workflow activation).
  let seen: string | undefined;
  void CancellationScope.nonCancellable(async () => {
    for (;;) {
      await condition(() => closing || shown(state) !== seen);
      if (shown(state) === seen) break;
      seen = shown(state);
      const snapshot = JSON.parse(JSON.stringify(state)) as BuildState;
      const last = backlog.length - 1;
      if (last >= 0 && backlog[last].status === snapshot.status) backlog[last] = snapshot;
      else backlog.push(snapshot);
    }
    watching = false;
  });

  const sender = CancellationScope.nonCancellable(async () => {
    for (;;) {
      await condition(() => backlog.length > 0 || !watching);
      const next = backlog.shift();
      if (!next) return;
      const event: BuildEvent = {
        buildId: input.buildId,
        tenantId: input.tenantId,
        repository: input.repository,
        image: input.image,
        commitSha: input.commit.sha,
        run: { id: runId, startedAt: runStartTime.toISOString() },
        state: next,
        approval: ctx.config()?.approval,
        checkRun,
        receipts,
      };
      try {
        receipts = await ctx.announce.announceBuild(event);
      } catch (err) {
        log.warn('announcing the build failed after its retries; the newest state is told next', { buildId: input.buildId, status: next.status, error: (err as Error).message });
        backlog.splice(0, backlog.length - 1);
      }
    }
  });
  return {
    close() {
      closing = true;
      return sender;
    },
  };
}
