import type { Database } from '../db/database.js';
import type { Config } from '../lib/config.js';
import { NO_TEAM_LOOKUP, type TeamLookup } from '../github/team-membership.js';
import type { TenantConfig } from '../manifest/tenant-config.js';
import { withTenantDefaults, type ResolvedTenantConfig } from '../manifest/tenant-config-defaults.js';
import type { ActorRef, ResolvedActor } from '../policies/actor.js';
import { grantedRoles, isAssigned, referencedTeams } from '../policies/resolve-roles.js';
import { effectiveRoles } from './effective-roles.js';
import { grantsUnder } from './grants-under.js';
import { LOCAL_TENANT, localProjectRoles, localTenantConfig } from './local-tenant.js';
import { rolesOf, tenantMappingSource } from './mapping-source.js';
import { readTenantConfigInForce } from './mapping-store.js';

/** What a build belongs to: its tenant, its repository (`owner/name`, or the local folder's name), and for a local checkout its folder. */
export interface BuildScope {
  tenantId: string;
  repository: string;
  /** A local checkout's folder: its manifest's `roles:` is the project mapping. */
  localDir?: string;
}

/**
 * The product's own answer to "who is this and what may they do here": the tenant configuration in force
 * and a login's roles and teams, from the mappings in force (tenant.yml and the manifest's `roles:` as
 * accepted from the default branch, in `role_mappings`; for the local tenant, IMAGEFACTORY_TENANT_CONFIG
 * and the checkout's manifest), never from what a caller says. Team memberships come from GitHub (cached).
 */
export interface ActorResolver {
  tenantConfig(scope: BuildScope): Promise<ResolvedTenantConfig>;
  /** `alsoTeams`: teams the decision at hand names (an approval's subjects), asked about besides those the mappings name. */
  resolve(scope: BuildScope, actor: ActorRef, alsoTeams?: readonly string[]): Promise<ResolvedActor>;
}

export interface ActorResolverDeps {
  db: Database;
  config: Pick<Config, 'registry' | 'systemRoles' | 'tenantConfigFile' | 'user'>;
  /** GitHub team lookups (cached); none: nobody is known to be in a team, and resolutions say so. */
  teams?: TeamLookup;
}

const ownerOf = (repository: string) => repository.split('/')[0];

export function createActorResolver(deps: ActorResolverDeps): ActorResolver {
  const teams = deps.teams ?? NO_TEAM_LOOKUP;
  const noTeams = (named: string[]) => (deps.teams === undefined && named.length > 0 ? [`team membership of ${named.join(', ')} not checked: no GitHub access is configured (GITHUB_TOKEN)`] : []);

  async function tenantConfig(scope: BuildScope): Promise<ResolvedTenantConfig> {
    if (scope.tenantId === LOCAL_TENANT) return localTenantConfig(deps.config);
    const owner = ownerOf(scope.repository);
    const inForce = await readTenantConfigInForce(deps.db, scope.tenantId, tenantMappingSource(owner).id);
    return withTenantDefaults(inForce as TenantConfig | undefined, { registries: [`${deps.config.registry}/${owner.toLowerCase()}`] });
  }

  async function resolve(scope: BuildScope, actor: ActorRef, alsoTeams: readonly string[] = []): Promise<ResolvedActor> {
    const base = { login: actor.login, channel: actor.channel, ...(actor.via ? { via: actor.via } : {}), tenantId: scope.tenantId };
    const asked = [...new Set(alsoTeams.filter((t) => t.startsWith('@')).map((t) => t.toLowerCase()))];
    const withAsked = async (found: { teams: string[] }) => [...new Set([...found.teams, ...(await teams.teamsOf(actor.login, asked.filter((t) => !found.teams.includes(t))))])];
    if (scope.tenantId === LOCAL_TENANT) {
      const tenant = localTenantConfig(deps.config);
      const project = scope.localDir ? localProjectRoles(scope.localDir) : undefined;
      const mappings = { tenant: { label: tenant.label, roles: tenant.roles }, project };
      const found = await grantsUnder({ teams, systemRoles: deps.config.systemRoles }, actor.login, mappings);
      const named = [...new Set([...referencedTeams([tenant.roles, project?.roles]), ...asked])];
      return { ...base, roles: grantedRoles(found.grants), teams: await withAsked(found), assigned: isAssigned(found.grants), grants: found.grants, notes: noTeams(named) };
    }
    const [owner, repo] = scope.repository.split('/');
    const found = await effectiveRoles({ db: deps.db, teams, systemRoles: deps.config.systemRoles }, { tenantId: scope.tenantId, repository: { owner, repo }, login: actor.login });
    const named = [...new Set([...referencedTeams([rolesOf(found.mappings.tenant?.content), rolesOf(found.mappings.project?.content)]), ...asked])];
    return { ...base, roles: found.roles, teams: await withAsked(found), assigned: found.assigned, grants: found.grants, notes: noTeams(named) };
  }

  return { tenantConfig, resolve };
}
