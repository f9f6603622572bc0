import type { Client } from '@temporalio/client';
import type { Database } from '../db/database.js';
import { readTenant } from '../db/tenant-lifecycle.js';
import { installationClient } from '../github/app-client.js';
import type { GitHubClient } from '../github/github-client.js';
import { teamsFor } from '../github/team-membership.js';
import type { Config } from '../lib/config.js';
import type { Logger } from '../lib/logger.js';
import { createActorResolver, type ActorResolver } from '../roles/actor-resolver.js';

/** What the Slack listeners work with: the database, Temporal, the configuration, a logger. */
export interface SlackDeps {
  config: Config;
  db: Database;
  temporal: Client;
  log: Logger;
}

/** The App's client for the tenant's installation (undefined: no App configured here, or the tenant has none: the local one). */
export async function tenantGitHub(deps: SlackDeps, tenantId: string): Promise<GitHubClient | undefined> {
  const app = deps.config.githubApp;
  if (!app) return undefined;
  const tenant = await readTenant(deps.db, tenantId);
  return tenant?.installationId != null ? installationClient(app, tenant.installationId, (m) => deps.log.warn(m)) : undefined;
}

/** The actor resolver for a tenant: the mappings in force, team memberships through its installation (when it has one). */
export function slackResolver(deps: SlackDeps, github: GitHubClient | undefined): ActorResolver {
  return createActorResolver({ db: deps.db, config: deps.config, ...(github ? { teams: teamsFor(github) } : {}) });
}
