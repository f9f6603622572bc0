import { manifestInForce, type ManifestInForce } from '../builds/github-builds.js';
import { reportProjects } from '../db/report-projects.js';
import type { GitHubClient } from '../github/github-client.js';
import { getRepository, parseRepository, tenantIdOf, type RepositoryInfo } from '../github/repository.js';
import { syncDigestSchedule, type DigestChange, type DigestScheduleDeps } from '../lib/digest-schedules.js';
import { resolverFor, type BotDeps } from './bot-deps.js';

const scheduleDeps = (deps: BotDeps): DigestScheduleDeps => ({ client: deps.temporal, db: deps.db, taskQueue: deps.taskQueue, digestIntervalMs: deps.config.digestIntervalMs });

/**
 * A project's digest schedule made to match its manifest on the default branch (`notify.email.digest`):
 * created, changed, or removed when the manifest asks for none or is gone. An invalid manifest changes
 * nothing (the one in force before stays in force for digests, as for builds). A failure is thrown: the
 * delivery fails and is handled again, which repeats nothing else.
 */
export async function syncProjectDigest(deps: BotDeps, repository: RepositoryInfo, found: ManifestInForce, change: DigestChange): Promise<void> {
  if (!found.ok && !found.missing) {
    deps.log.info({ repository: repository.fullName, file: found.file }, 'digest: the manifest has problems; its digest schedule is left as it was');
    return;
  }
  const target = { tenantId: tenantIdOf(repository), owner: repository.owner, repository: repository.fullName };
  const synced = await syncDigestSchedule(scheduleDeps(deps), target, found.ok ? found.manifest.notify : undefined, change);
  deps.log.info({ repository: repository.fullName, schedule: synced.scheduleId, outcome: synced.outcome, cadence: synced.cadence }, 'digest schedule synced');
}

/** The repositories an installation gained: each one's digest as its default branch's manifest asks (one it may not see: none). */
export async function syncInstalledDigests(deps: BotDeps, octokit: GitHubClient, fullNames: readonly string[], change: DigestChange): Promise<void> {
  for (const fullName of fullNames) {
    const ref = parseRepository(fullName);
    const repository = ref && (await getRepository(octokit, ref));
    if (!repository) continue;
    await syncProjectDigest(deps, repository, await manifestInForce({ config: deps.config, resolver: resolverFor(deps, octokit) }, octokit, repository), change);
  }
}

/** The repositories that left an installation (all of them when it is removed): their digest schedules removed. */
export async function removeProjectDigests(deps: BotDeps, tenantId: string, owner: string, fullNames: readonly string[] | 'all', change: DigestChange): Promise<void> {
  const repositories = fullNames === 'all' ? (await reportProjects(deps.db, { tenantId })).map((p) => p.repository) : fullNames;
  for (const repository of repositories) {
    const synced = await syncDigestSchedule(scheduleDeps(deps), { tenantId, owner, repository }, undefined, change);
    if (synced.outcome === 'removed') deps.log.info({ repository, schedule: synced.scheduleId }, 'digest schedule removed');
  }
}
