import { cancelBuilds } from '../builds/cancel-builds.js';
import { githubScope, manifestInForce, requestGitHubBuilds, type GitHubBuildOutcome, type ManifestInForce } from '../builds/github-builds.js';
import { buildIdFor, pipelineIdFor } from '../builds/plan-builds.js';
import { buildsAtCommit } from '../db/builds-at-commit.js';
import { unfinishedBuildsAtRef } from '../db/unfinished-builds-at-ref.js';
import { pullRequestFiles } from '../github/changed-files.js';
import type { GitHubClient } from '../github/github-client.js';
import type { PullRequestInfo } from '../github/pull-request.js';
import { tenantIdOf, type RepositoryInfo } from '../github/repository.js';
import type { Manifest } from '../manifest/types.js';
import type { ActorRef } from '../policies/actor.js';
import { authorizeBuild, type BuildAuthorization } from '../policies/authorize-build.js';
import { triggeredImages } from '../policies/match-triggers.js';
import { buildDepsOf, resolverFor, type BotDeps } from './bot-deps.js';

/** A pull request's repository and the installation's client: what its builds are asked with. */
export interface PullRequestScope {
  deps: BotDeps;
  octokit: GitHubClient;
  installationId: number;
  repository: RepositoryInfo;
  /** The repository's page (the payload's html_url). */
  sourceUrl?: string;
}

export type UsableManifest = Extract<ManifestInForce, { ok: true }>;

/** The ref a pull request's builds are recorded under, whichever its head: how its builds are found again. */
export const pullRequestRef = (n: number) => `refs/pull/${n}/head`;

/** Whether the pull request's head lives in another repository (a fork, or a fork that is gone). */
export const fromFork = (repository: RepositoryInfo, pr: Pick<PullRequestInfo, 'headRepository'>) => pr.headRepository?.toLowerCase() !== repository.fullName.toLowerCase();

/**
 * The commit a pull request's builds are of: its head, recorded under the pull request's ref. A branch is
 * given only for a head in this repository: a fork's branch names nothing here (`{{branch}}` tags none).
 */
export const pullRequestCommit = (repository: RepositoryInfo, pr: PullRequestInfo): { sha: string; ref: string; branch?: string } => ({
  sha: pr.headSha,
  ref: pullRequestRef(pr.number),
  ...(fromFork(repository, pr) ? {} : { branch: pr.headRef }),
});

/**
 * The images a pull request builds on its own, under the default branch's manifest in force (`manifest`:
 * its read, if begun already): those whose `pull_request` trigger matches its base branch and, with
 * `paths`, one of the files it changes (asked of GitHub only when some image has paths).
 */
export async function pullRequestImages(scope: PullRequestScope, pr: PullRequestInfo, manifest?: Promise<ManifestInForce>): Promise<{ found: ManifestInForce; images: string[] }> {
  const found = await (manifest ?? manifestInForce(buildDepsOf(scope), scope.octokit, scope.repository));
  if (!found.ok) return { found, images: [] };
  const event = { kind: 'pull_request' as const, baseBranch: pr.baseRef };
  const candidates = triggeredImages(found.manifest, { ...event, changedFiles: undefined });
  if (!candidates.some((image) => found.manifest.images[image].triggers?.paths)) return { found, images: candidates };
  const changedFiles = await pullRequestFiles(scope.octokit, scope.repository, pr.number);
  return { found, images: triggeredImages(found.manifest, { ...event, changedFiles }) };
}

/**
 * May this person start these builds (Create Build for each image's method, under the mappings in force)?
 * A method the tenant does not enable is left to the build request, which refuses it for anyone alike.
 */
export async function mayBuild(scope: PullRequestScope, login: string, manifest: Manifest, images: readonly string[]): Promise<BuildAuthorization> {
  const resolver = resolverFor(scope.deps, scope.octokit);
  const buildScope = githubScope(scope.repository);
  const [tenant, who] = await Promise.all([resolver.tenantConfig(buildScope), resolver.resolve(buildScope, { login, channel: 'github' })]);
  for (const image of images) {
    const { method } = manifest.images[image];
    if (!tenant.build_methods.includes(method)) continue;
    const allowed = authorizeBuild(who, { tenantId: buildScope.tenantId, method }, tenant, new Date());
    if (!allowed.ok) return allowed;
  }
  return { ok: true };
}

/** Builds at the pull request's head (pullRequestCommit), as `requester`. */
export function startPullRequestBuilds(scope: PullRequestScope, pr: PullRequestInfo, found: UsableManifest, images: string[], requester: ActorRef, trigger: string): Promise<GitHubBuildOutcome> {
  return requestGitHubBuilds(buildDepsOf(scope), {
    octokit: scope.octokit,
    installationId: scope.installationId,
    repository: scope.repository,
    ...pullRequestCommit(scope.repository, pr),
    pullRequest: pr.number,
    images,
    requester,
    trigger,
    manifest: found,
    ...(scope.sourceUrl ? { sourceUrl: scope.sourceUrl } : {}),
  });
}

/**
 * A new head supersedes the old ones: every build of the pull request at another commit that still runs
 * is cancelled, and so is every image's build at `before` (the head just replaced, whose builds the
 * database may not list yet), each audited `build.superseded` with the new head. Approvals belong to one
 * build at one commit: none carries over to the new head's builds.
 */
export async function supersedeOldHeads(scope: PullRequestScope, pr: PullRequestInfo, before: string | undefined, by: string, manifest: Manifest | undefined): Promise<string[]> {
  const tenantId = tenantIdOf(scope.repository);
  const repository = scope.repository.fullName;
  const ref = pullRequestRef(pr.number);
  const recorded = (await unfinishedBuildsAtRef(scope.deps.db, tenantId, repository, ref)).filter((b) => b.commitSha !== pr.headSha).map((b) => b.id);
  const atBefore = before && manifest && before !== pr.headSha ? Object.keys(manifest.images).map((image) => buildIdFor(tenantId, repository, image, { sha: before, ref, dirty: false })) : [];
  return cancelBuilds(scope.deps, { tenantId, repository, buildIds: [...recorded, ...atBefore], why: 'superseded', by, data: { pull_request: pr.number, superseded_by: pr.headSha }, eventKey: pr.headSha });
}

/**
 * A closed (or merged) pull request: whatever still runs for it is cancelled and audited. The builds the
 * database records under its ref, at any of its heads; and, named without the database (a pull request
 * closed right after it opened has no row yet), each image's build at its head under the default branch's
 * manifest in force and the pipeline its head started, which may not have started them yet. A build the
 * database records for another ref (the same commit built for a branch) is left alone.
 */
export async function cancelClosedPullRequest(scope: PullRequestScope, pr: PullRequestInfo, by: string, merged: boolean): Promise<string[]> {
  const tenantId = tenantIdOf(scope.repository);
  const repository = scope.repository.fullName;
  const ref = pullRequestRef(pr.number);
  const head = { sha: pr.headSha, ref, dirty: false };
  const [running, atHead, { found, images }] = await Promise.all([
    unfinishedBuildsAtRef(scope.deps.db, tenantId, repository, ref),
    buildsAtCommit(scope.deps.db, tenantId, repository, pr.headSha),
    pullRequestImages(scope, pr),
  ]);
  const elsewhere = new Set(atHead.filter((b) => b.ref !== ref).map((b) => b.id));
  const atHeadId = (image: string) => buildIdFor(tenantId, repository, image, head);
  const named = found.ok ? Object.keys(found.manifest.images).map(atHeadId).filter((id) => !elsewhere.has(id)) : [];
  const own = images.map(atHeadId);
  const pipelines = own.length > 0 && !own.some((id) => elsewhere.has(id)) ? [{ pipelineId: pipelineIdFor(tenantId, repository, head, images), buildIds: own }] : [];
  return cancelBuilds(scope.deps, {
    tenantId,
    repository,
    buildIds: [...running.map((b) => b.id), ...named],
    pipelines,
    why: 'pullRequestClosed',
    by,
    data: { pull_request: pr.number, head: pr.headSha, merged },
    eventKey: `closed@${pr.headSha}`,
  });
}
