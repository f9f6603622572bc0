import type { RoleGrant } from '../policies/resolve-roles.js';
import { organizationRole, repositoryPermission } from '../github/account-permissions.js';
import type { GitHubClient } from '../github/github-client.js';
import type { RepositoryInfo } from '../github/repository.js';
import type { MappingSource } from './mapping-source.js';

/**
 * The bootstrap rule: a source with no mapping in force yet has nobody who could manage its members, so
 * GitHub's own administrators stand in, once. For tenant.yml, an owner of the organization (GET
 * /orgs/{org}/memberships/{username}: active, role admin), or for an account that is a user, that user,
 * acts as tenant-admin. For a project's `roles:`, an admin of the repository (GET
 * /repos/{owner}/{repo}/collaborators/{username}/permission: admin) acts as project-manager (tenant
 * roles in it still need Assign Roles). Anyone else gets nothing from here.
 */
export async function bootstrapGrants(github: GitHubClient, source: MappingSource, repository: RepositoryInfo | undefined, login: string): Promise<RoleGrant[]> {
  const owner = source.repository.owner;
  if (source.kind === 'tenant') {
    const isUser = repository?.ownerType === 'User';
    const ownsAccount = isUser ? owner.toLowerCase() === login.toLowerCase() : (await organizationRole(github, owner, login)) === 'admin';
    if (!ownsAccount) return [];
    const who = isUser ? `the account ${owner} itself` : `owner of organization ${owner}`;
    return [{ role: 'tenant-admin', via: `GitHub: ${who} (bootstrap: no tenant.yml in force yet)`, scope: 'tenant' }];
  }
  if ((await repositoryPermission(github, source.repository, login)) !== 'admin') return [];
  return [{ role: 'project-manager', via: `GitHub: admin of repository ${owner}/${source.repository.repo} (bootstrap: no project mapping in force yet)`, scope: 'project' }];
}
