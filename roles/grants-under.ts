import type { Database } from '../db/database.js';
import { referencedTeams, resolveRoles, type MappingInput, type RoleGrant } from '../policies/resolve-roles.js';
import type { GitHubClient } from '../github/github-client.js';
import type { TeamLookup } from '../github/team-membership.js';

/** What role resolution works with: the database, GitHub, cached team memberships, the configured system roles. */
export interface RoleDeps {
  db: Database;
  github: GitHubClient;
  teams: TeamLookup;
  /** config.systemRoles: login -> system roles. */
  systemRoles: Readonly<Record<string, readonly string[]>>;
}

/**
 * A login's grants under some mappings: asks GitHub (through the cache) about the teams those mappings
 * name, and only those, then resolveRoles.
 */
export async function grantsUnder(
  deps: Pick<RoleDeps, 'teams' | 'systemRoles'>,
  login: string,
  mappings: { tenant?: MappingInput; project?: MappingInput },
): Promise<{ grants: RoleGrant[]; teams: string[] }> {
  const named = referencedTeams([mappings.tenant?.roles, mappings.project?.roles]);
  const teams = await deps.teams.teamsOf(login, named);
  return { grants: resolveRoles({ login, teams, system: deps.systemRoles, ...mappings }), teams };
}
