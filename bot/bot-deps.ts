import type { Client } from '@temporalio/client';
import type { GitHubBuildDeps } from '../builds/github-builds.js';
import type { Database } from '../db/database.js';
import type { GitHubClient } from '../github/github-client.js';
import { teamsFor } from '../github/team-membership.js';
import type { Config } from '../lib/config.js';
import type { Logger } from '../lib/logger.js';
import { createActorResolver, type ActorResolver } from '../roles/actor-resolver.js';

/** What the App's handlers work with: the database, Temporal, the configuration, a logger. */
export interface BotDeps {
  config: Config;
  db: Database;
  temporal: Client;
  taskQueue: string;
  log: Logger;
  /** Who this process is, in the delivery table (host and pid). */
  processName: string;
}

export { teamsFor };

/** The actor resolver for an installation: the mappings in force from the database, team memberships through teamsFor. */
export function resolverFor(deps: BotDeps, octokit: GitHubClient): ActorResolver {
  return createActorResolver({ db: deps.db, config: deps.config, teams: teamsFor(octokit) });
}

/** What the builds of a GitHub commit are asked with (builds/github-builds.ts), through an installation: its resolver, or resolverFor's. */
export function buildDepsOf(at: { deps: BotDeps; octokit: GitHubClient; resolver?: ActorResolver }): GitHubBuildDeps {
  const { db, temporal, taskQueue, config } = at.deps;
  return { db, temporal, taskQueue, config, resolver: at.resolver ?? resolverFor(at.deps, at.octokit) };
}
