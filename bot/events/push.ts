import type { Probot } from 'probot';
import { manifestInForce, requestGitHubBuilds, type GitHubBuildDeps, type ManifestInForce } from '../../builds/github-builds.js';
import { manifestAtCommit } from '../../builds/manifest-at-commit.js';
import { hasCheckRun, writeCompletedCheckRun } from '../../github/annotated-check-run.js';
import { commentOnCommit } from '../../github/commit-comment.js';
import type { GitHubClient } from '../../github/github-client.js';
import type { RepositoryInfo } from '../../github/repository.js';
import { MANIFEST_FILE_NAMES } from '../../manifest/load-manifest.js';
import { triggeredImages } from '../../policies/match-triggers.js';
import { MANIFEST_CHECK_NAME, manifestCheckRun } from '../../templates/manifest-check-run.js';
import { resolverFor, type BotDeps } from '../bot-deps.js';
import { onDelivery } from '../handle-delivery.js';
import { repositoryOfPayload, type PayloadRepository } from '../payload-repository.js';
import { changedFilesOf, pushedRef, pushTrigger, type PushedRef, type PushPayload } from '../push-changes.js';
import { pushedMappingSources, refreshPushedMappings } from '../refresh-on-push.js';
import { syncProjectDigest } from '../sync-digests.js';

type Payload = PushPayload & { repository: PayloadRepository; sender: { login: string }; installation?: { id: number } | null };

interface PushAt {
  deps: BotDeps;
  build: GitHubBuildDeps;
  octokit: GitHubClient;
  installationId: number;
  repository: RepositoryInfo;
  push: PushedRef;
  changed: string[] | undefined;
  pusher: string;
  sourceUrl?: string;
}

/**
 * The images whose triggers match the push start a pipeline for its commit, as asked by the pusher, under
 * the default branch's manifest in force (a push to another branch builds with it too).
 */
async function buildPushed(at: PushAt, found: ManifestInForce): Promise<void> {
  if (!found.ok) {
    at.deps.log.info({ repository: at.repository.fullName, missing: found.missing }, 'push: no manifest in force on the default branch to build with');
    return;
  }
  const images = triggeredImages(found.manifest, pushTrigger(at.push, at.changed));
  if (images.length === 0) return;
  const { push } = at;
  const outcome = await requestGitHubBuilds(at.build, {
    octokit: at.octokit,
    installationId: at.installationId,
    repository: at.repository,
    sha: push.sha,
    ref: push.ref,
    ...(push.branch !== undefined ? { branch: push.branch } : { tag: push.tag }),
    images,
    requester: { login: at.pusher, channel: 'github' },
    trigger: 'push',
    manifest: found,
    ...(at.sourceUrl ? { sourceUrl: at.sourceUrl } : {}),
  });
  const detail = outcome.kind === 'refused' ? { refused: outcome.refused } : outcome.kind === 'started' ? { pipeline: outcome.plan.pipelineId, started: outcome.started } : {};
  at.deps.log.info({ repository: at.repository.fullName, sha: push.sha, images, outcome: outcome.kind, ...detail }, 'push: builds requested');
}

/** Whether the push may have changed the manifest: it touched one, or what it changed is not known. */
const touchesManifest = (at: PushAt) => at.changed === undefined || at.changed.some((f) => (MANIFEST_FILE_NAMES as readonly string[]).includes(f));

/** The manifest at the pushed commit, validated, as the check run MANIFEST_CHECK_NAME on it (once per commit). */
async function reportManifest(at: PushAt): Promise<void> {
  const appId = at.deps.config.githubApp?.appId;
  if (appId !== undefined && (await hasCheckRun(at.octokit, at.repository, at.push.sha, MANIFEST_CHECK_NAME, appId))) return;
  const { found, tenantLabel } = await manifestAtCommit(at.build, at.octokit, at.repository, at.push.sha);
  const run = manifestCheckRun(found, { sha: at.push.sha, tenantLabel, defaultBranch: at.repository.defaultBranch, branch: at.push.branch });
  await writeCompletedCheckRun(at.octokit, at.repository, at.push.sha, run);
}

/**
 * Pushes: the mappings a push to the default branch changed are refreshed (tenant.yml, then the project's
 * `roles:`); the images whose triggers match build; a push to the default branch that may have changed the
 * manifest syncs the project's digest schedule with it; a branch push that touched the manifest gets its check
 * run; a refused mapping change is answered on its commit. Each step is idempotent or done once, and the
 * answers that cannot be taken back (comments) come last, so a delivery handled again repeats nothing.
 */
export function register(app: Probot, deps: BotDeps): void {
  onDelivery(app, deps, 'push', async (context) => {
    const payload = context.payload as unknown as Payload;
    const push = pushedRef(payload);
    const installationId = payload.installation?.id;
    if (installationId === undefined || push === undefined) return;
    if (push.deleted) {
      context.log.info({ ref: push.ref }, 'push: a deleted ref builds nothing');
      return;
    }
    const octokit = context.octokit as unknown as GitHubClient;
    const repository = repositoryOfPayload(payload.repository);
    const build: GitHubBuildDeps = { db: deps.db, temporal: deps.temporal, taskQueue: deps.taskQueue, config: deps.config, resolver: resolverFor(deps, octokit) };
    const changed = await changedFilesOf(octokit, repository, push);
    const at: PushAt = { deps, build, octokit, installationId, repository, push, changed, pusher: payload.sender.login, sourceUrl: payload.repository.html_url };

    const refused = await refreshPushedMappings(deps, octokit, repository, push, pushedMappingSources(repository, push, changed), at.pusher);
    const found = await manifestInForce(at.build, at.octokit, at.repository);
    await buildPushed(at, found);
    if (push.branch === repository.defaultBranch && touchesManifest(at)) await syncProjectDigest(deps, repository, found, { actor: at.pusher, cause: push.sha });
    if (push.branch !== undefined && touchesManifest(at)) await reportManifest(at);
    for (const r of refused) await commentOnCommit(octokit, repository, r.commitSha ?? push.sha, r.message);
  });
}
