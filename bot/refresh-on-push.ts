import type { GitHubClient } from '../github/github-client.js';
import { tenantIdOf, type RepositoryInfo } from '../github/repository.js';
import { MANIFEST_FILE_NAMES } from '../manifest/load-manifest.js';
import { TENANT_REPOSITORY_NAME } from '../manifest/tenant-config.js';
import type { MappingRefresh } from '../roles/mapping-refresh.js';
import { projectMappingSource, tenantMappingSource, type MappingSource } from '../roles/mapping-source.js';
import { refreshMapping } from '../roles/refresh-mapping.js';
import { teamsFor, type BotDeps } from './bot-deps.js';
import type { PushedRef } from './push-changes.js';
import { syncSchedulesOf } from './sync-schedules.js';

export type RefusedRefresh = Extract<MappingRefresh, { outcome: 'refused' }>;

/**
 * The mapping sources a push may change: only a push to the default branch (mappings are read there and
 * nowhere else). Any such push to the owner's `.imagefactory` repository (its tenant.yml), then a push
 * that touched a manifest (its `roles:`), or whose files are not known.
 */
export function pushedMappingSources(repository: RepositoryInfo, push: PushedRef, changedFiles: readonly string[] | undefined): MappingSource[] {
  if (push.deleted || push.branch !== repository.defaultBranch) return [];
  const sources: MappingSource[] = [];
  if (repository.repo.toLowerCase() === TENANT_REPOSITORY_NAME) sources.push(tenantMappingSource(repository.owner));
  const manifests: readonly string[] = MANIFEST_FILE_NAMES;
  if (changedFiles === undefined || changedFiles.some((f) => manifests.includes(f))) sources.push(projectMappingSource(repository));
  return sources;
}

/**
 * Refreshes the mappings in force a push to the default branch changed, tenant.yml first, under the
 * escalation rules (refreshMapping: the pusher is the change's author when the push brought the commit;
 * accepted and refused changes are audited there); an accepted tenant.yml re-syncs the tenant's schedules.
 * Returns the refusals, for the App to answer on the commit.
 */
export async function refreshPushedMappings(deps: BotDeps, octokit: GitHubClient, repository: RepositoryInfo, push: PushedRef, sources: readonly MappingSource[], pusher: string): Promise<RefusedRefresh[]> {
  const roleDeps = { db: deps.db, github: octokit, teams: teamsFor(octokit), systemRoles: deps.config.systemRoles };
  const refused: RefusedRefresh[] = [];
  for (const source of sources) {
    const outcome = await refreshMapping(roleDeps, { tenantId: tenantIdOf(repository), source, pushedBy: { login: pusher, commits: push.commits } });
    deps.log.info({ source: source.id, outcome: outcome.outcome, commit: outcome.commitSha }, 'mapping refreshed after a push');
    if (outcome.outcome === 'refused') refused.push(outcome);
    // A tenant.yml accepted may change how often the tenant's promoted images are re-scanned.
    if (outcome.outcome === 'accepted' && source.kind === 'tenant') await syncSchedulesOf(deps, tenantIdOf(repository));
  }
  return refused;
}
