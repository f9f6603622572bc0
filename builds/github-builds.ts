import type { Client } from '@temporalio/client';
import type { Database } from '../db/database.js';
import type { GitHubClient } from '../github/github-client.js';
import { readFileAt } from '../github/file-at-ref.js';
import type { RepositoryInfo } from '../github/repository.js';
import { tenantIdOf } from '../github/repository.js';
import type { Config } from '../lib/config.js';
import { MANIFEST_FILE_NAMES, parseManifest } from '../manifest/load-manifest.js';
import type { Problem } from '../manifest/problem.js';
import type { Manifest } from '../manifest/types.js';
import type { ActorRef, ResolvedActor } from '../policies/actor.js';
import type { ResolvedTenantConfig } from '../manifest/tenant-config-defaults.js';
import type { ActorResolver, BuildScope } from '../roles/actor-resolver.js';
import type { BuildPlan } from './plan-builds.js';
import { requestBuilds, type RefusedImage } from './request-builds.js';
import { startPipeline } from './start-pipeline.js';

export interface GitHubBuildDeps {
  db: Database;
  temporal: Client;
  taskQueue: string;
  config: Pick<Config, 'registry'>;
  resolver: ActorResolver;
}

export interface GitHubBuildRequest {
  /** The installation's client. */
  octokit: GitHubClient;
  installationId: number;
  repository: RepositoryInfo;
  /** The commit to build (a pull request's head, a pushed commit). */
  sha: string;
  ref: string;
  branch?: string;
  tag?: string;
  pullRequest?: number;
  /** The images to build: names of the manifest's (all of them when empty). */
  images: string[];
  requester: ActorRef;
  trigger: string;
  /** Build again images already built at this commit (`/retry`). */
  rebuild?: boolean;
  /** Create Build (default), or Retry Build with who started each earlier build (`/retry`). */
  retry?: { authors: Record<string, string> };
  /** The manifest in force, when the caller has read it already (to choose the images): not read again. */
  manifest?: Extract<ManifestInForce, { ok: true }>;
  /** The repository's page (the OCI source label): the payload's html_url; default https://github.com/OWNER/NAME. */
  sourceUrl?: string;
}

/**
 * The manifest in force: the default branch's (configuration never comes from a pull request), with the
 * tenant configuration it was checked against (what its builds are admitted under), or why there is none.
 */
export type ManifestInForce =
  | { ok: true; file: string; manifest: Manifest; tenant: ResolvedTenantConfig }
  | { ok: false; missing: true }
  | { ok: false; missing: false; file: string; problems: Problem[] };

export type GitHubBuildOutcome =
  | { kind: 'no-manifest' }
  | { kind: 'invalid'; file: string; problems: Problem[] }
  | { kind: 'refused'; requester: ResolvedActor; unknown: string[]; refused: RefusedImage[] }
  | { kind: 'started'; requester: ResolvedActor; plan: BuildPlan; started: boolean };

/** The scope of a repository's builds: its tenant (the owning account) and name. */
export const githubScope = (repository: RepositoryInfo): BuildScope => ({ tenantId: tenantIdOf(repository), repository: repository.fullName });

type Checked = Exclude<ManifestInForce, { missing: true }>;

const checked = (deps: Pick<GitHubBuildDeps, 'config'>, repository: RepositoryInfo, tenant: ResolvedTenantConfig, file: string, text: string): Checked => {
  const parsed = parseManifest(text, file, { tenant: { tenant, defaultRegistry: deps.config.registry, repository: repository.fullName } });
  return parsed.ok ? { ok: true, file, manifest: parsed.value, tenant } : { ok: false, missing: false, file, problems: parsed.problems };
};

/** Validates a manifest's text of the repository, against the tenant's floor in force. */
export async function validateGitHubManifest(deps: Pick<GitHubBuildDeps, 'config' | 'resolver'>, repository: RepositoryInfo, file: string, text: string): Promise<Checked> {
  return checked(deps, repository, await deps.resolver.tenantConfig(githubScope(repository)), file, text);
}

/** The first of the names a manifest may have that is a file on the default branch, and its text (GET contents?ref=<default branch>). */
async function defaultBranchManifest(octokit: GitHubClient, repository: RepositoryInfo): Promise<{ file: string; text: string } | undefined> {
  for (const file of MANIFEST_FILE_NAMES) {
    const text = await readFileAt(octokit, repository, file, repository.defaultBranch);
    if (text !== undefined) return { file, text };
  }
  return undefined;
}

/**
 * Reads and validates the manifest of the repository's default branch (never another ref), against the
 * tenant's floor in force, which is read from the database beside the file.
 */
export async function manifestInForce(deps: Pick<GitHubBuildDeps, 'config' | 'resolver'>, octokit: GitHubClient, repository: RepositoryInfo): Promise<ManifestInForce> {
  const [tenant, found] = await Promise.all([deps.resolver.tenantConfig(githubScope(repository)), defaultBranchManifest(octokit, repository)]);
  return found ? checked(deps, repository, tenant, found.file, found.text) : { ok: false, missing: true };
}

/**
 * Builds of a GitHub commit, asked for by a person or an event: the manifest of the default branch in force
 * decides what is built and how (a pull request never changes it); the commit's own files are what is
 * built, fetched by the worker at that sha. Admitted as every build is (requestBuilds: the tenant's floor,
 * the requester's rights, refusals audited), then the pipeline is started (or joined: ids are deterministic).
 */
export async function requestGitHubBuilds(deps: GitHubBuildDeps, req: GitHubBuildRequest): Promise<GitHubBuildOutcome> {
  const found = req.manifest ?? (await manifestInForce(deps, req.octokit, req.repository));
  if (!found.ok) return found.missing ? { kind: 'no-manifest' } : { kind: 'invalid', file: found.file, problems: found.problems };
  const { owner, repo } = req.repository;
  const outcome = await requestBuilds(
    { db: deps.db, resolver: deps.resolver },
    {
      scope: githubScope(req.repository),
      requester: req.requester,
      manifest: found.manifest,
      tenant: found.tenant,
      images: req.images,
      ...(req.retry ? { action: 'retry-build' as const, authors: req.retry.authors } : {}),
      sourceUrl: req.sourceUrl ?? `https://github.com/${req.repository.fullName}`,
      commit: { sha: req.sha, ref: req.ref, branch: req.branch, tag: req.tag, dirty: false },
      source: { kind: 'github', owner, repo, sha: req.sha, installationId: req.installationId, ...(req.pullRequest ? { pullRequest: req.pullRequest } : {}) },
      trigger: req.trigger,
      requestedAt: new Date(),
      defaultRegistry: deps.config.registry,
    },
  );
  if (!outcome.ok) return { kind: 'refused', requester: outcome.requester, unknown: outcome.unknown, refused: outcome.refused };
  outcome.plan.input.rebuild = req.rebuild ?? false;
  const { started } = await startPipeline(deps.temporal, deps.taskQueue, outcome.plan);
  return { kind: 'started', requester: outcome.requester, plan: outcome.plan, started };
}
