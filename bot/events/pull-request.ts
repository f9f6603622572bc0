import type { Probot } from 'probot';
import { recordRefusal } from '../../builds/record-refusal.js';
import type { GitHubClient } from '../../github/github-client.js';
import { commentOnIssue } from '../../github/issue-comments.js';
import { getPullRequest, pullRequestInfo, type PullRequestInfo, type PullResponse } from '../../github/pull-request.js';
import { tenantIdOf, type RepositoryInfo } from '../../github/repository.js';
import type { ActorRef } from '../../policies/actor.js';
import { buildsRefusedReply, buildsStartedReply, unusableManifestReply } from '../../templates/command-replies.js';
import { waitingForOkToTest, waitReasonText, type WaitReason } from '../../templates/pull-request-waiting.js';
import type { BotDeps } from '../bot-deps.js';
import { onDelivery } from '../handle-delivery.js';
import { repositoryOfPayload, type PayloadRepository } from '../payload-repository.js';
import {
  cancelClosedPullRequest,
  fromFork,
  mayBuild,
  pullRequestImages,
  startPullRequestBuilds,
  supersedeOldHeads,
  type PullRequestScope,
  type UsableManifest,
} from '../pull-request-builds.js';

interface PullRequestPayload {
  action: string;
  number: number;
  before?: string;
  pull_request: PullResponse & { merged?: boolean };
  repository: PayloadRepository;
  sender: { login: string };
  installation?: { id: number } | null;
}

/** Why a pull request's builds wait, or undefined when its author may build them now. */
async function waitReason(scope: PullRequestScope, pr: PullRequestInfo, found: UsableManifest, images: string[]): Promise<WaitReason | undefined> {
  if (fromFork(scope.repository, pr)) return { kind: 'fork', fork: pr.headRepository };
  const allowed = await mayBuild(scope, pr.author, found.manifest, images);
  return allowed.ok ? undefined : { kind: 'author', author: pr.author, reason: allowed.reason, source: allowed.source };
}

/**
 * A pull request opened, reopened or given a new head: the old heads' builds that still run are cancelled
 * (synchronize), then the images its triggers match build at its head as its author, unless it comes from
 * a fork or its author may not build: then nothing starts, the wait is audited, and a comment says who can
 * let it build (`/ok-to-test`, for this head only).
 */
async function onHead(scope: PullRequestScope, payload: PullRequestPayload): Promise<void> {
  const pr = pullRequestInfo(payload.pull_request);
  const { found, images } = await pullRequestImages(scope, pr);
  if (payload.action === 'synchronize') await supersedeOldHeads(scope, pr, payload.before, payload.sender.login, found.ok ? found.manifest : undefined);
  if (!found.ok || images.length === 0) return;
  const why = await waitReason(scope, pr, found, images);
  const repository = scope.repository.fullName;
  if (why) {
    const data = { images, pull_request: pr.number, sha: pr.headSha, waits_for: '/ok-to-test' };
    await recordRefusal(scope.deps.db, { tenantId: tenantIdOf(scope.repository), actor: pr.author, action: 'build.requested', project: repository, reason: waitReasonText(why, repository), source: why.kind === 'fork' ? 'pull requests from forks' : why.source, data });
    await commentOnIssue(scope.octokit, scope.repository, pr.number, waitingForOkToTest({ sha: pr.headSha, images, repository, why }));
    return;
  }
  const outcome = await startPullRequestBuilds(scope, pr, found, images, { login: pr.author, channel: 'github' }, 'pull_request');
  if (outcome.kind === 'refused') {
    await commentOnIssue(scope.octokit, scope.repository, pr.number, buildsRefusedReply(pr.author, outcome, found));
  }
}

export interface OkToTestRequest {
  /** The installation's client. */
  octokit: GitHubClient;
  installationId: number;
  repository: RepositoryInfo;
  pullNumber: number;
  /** Who comments `/ok-to-test`: the builds' requester, from the signed webhook. */
  commenter: ActorRef;
  sourceUrl?: string;
}

export type OkToTestOutcome = {
  /** `started` (or joined: already running), `refused` (the commenter may not build, or the tenant refuses), `nothing` to build. */
  kind: 'started' | 'refused' | 'nothing';
  /** The reply to post under the comment. */
  reply: string;
};

/**
 * `/ok-to-test` on a pull request: the builds its triggers match start at its head as it is now, with the
 * commenter as their requester, when the commenter may build (otherwise the refusal, audited by the build
 * request, is the reply). It trusts that head only: a later commit waits again, and needs `/ok-to-test`
 * again, so nothing pushed after someone looked is built unseen. The caller posts `reply`.
 */
export async function okToTest(deps: BotDeps, req: OkToTestRequest): Promise<OkToTestOutcome> {
  const scope: PullRequestScope = { deps, octokit: req.octokit, installationId: req.installationId, repository: req.repository, ...(req.sourceUrl ? { sourceUrl: req.sourceUrl } : {}) };
  const pr = await getPullRequest(req.octokit, req.repository, req.pullNumber);
  if (!pr) return { kind: 'nothing', reply: `GitHub knows no pull request #${req.pullNumber} in ${req.repository.fullName}: nothing to build.` };
  if (pr.state === 'closed') return { kind: 'nothing', reply: `Pull request #${pr.number} is closed: nothing to build.` };
  const { found, images } = await pullRequestImages(scope, pr);
  if (!found.ok) return { kind: 'nothing', reply: unusableManifestReply(req.repository.defaultBranch, found) };
  if (images.length === 0) {
    return { kind: 'nothing', reply: `No image of \`${found.file}\` builds on this pull request (its \`pull_request\` triggers and \`paths\`): nothing waits. \`/build IMAGE\` builds one anyway.` };
  }
  const outcome = await startPullRequestBuilds(scope, pr, found, images, req.commenter, 'ok-to-test');
  if (outcome.kind === 'refused') return { kind: 'refused', reply: buildsRefusedReply(req.commenter.login, outcome, found) };
  if (outcome.kind !== 'started') return { kind: 'nothing', reply: 'The manifest in force changed meanwhile: nothing was built; ask again.' };
  const target = { sha: pr.headSha, of: `pull request #${pr.number}` };
  return { kind: 'started', reply: buildsStartedReply({ verb: 'Building', images: outcome.plan.input.builds.map((b) => b.image), target, requester: req.commenter.login, joined: !outcome.started, ended: [] }) };
}

/** Pull requests: builds at each new head (or a wait for `/ok-to-test`), the old heads' builds superseded, and what still runs cancelled on close. */
export function register(app: Probot, deps: BotDeps): void {
  onDelivery(app, deps, ['pull_request.opened', 'pull_request.reopened', 'pull_request.synchronize', 'pull_request.closed'], async (context) => {
    const payload = context.payload as unknown as PullRequestPayload;
    const installationId = payload.installation?.id;
    if (installationId === undefined) return;
    const scope: PullRequestScope = { deps, octokit: context.octokit as unknown as GitHubClient, installationId, repository: repositoryOfPayload(payload.repository), sourceUrl: (payload.repository as { html_url?: string }).html_url };
    if (payload.action === 'closed') {
      const cancelled = await cancelClosedPullRequest(scope, pullRequestInfo(payload.pull_request), payload.sender.login, payload.pull_request.merged === true);
      context.log.info({ pull_request: payload.number, cancelled }, 'pull request closed: its builds that still ran are cancelled');
      return;
    }
    await onHead(scope, payload);
  });
}
