import type { GitHubClient } from './github-client.js';
import { unless } from './http-status.js';
import type { RepositoryRef } from './repository.js';

/**
 * `login`'s role in organization `org` when an active member (GET /orgs/{org}/memberships/{username}):
 * `admin` is an organization owner. Undefined when not a member, or when this client may not see it.
 */
export async function organizationRole(github: GitHubClient, org: string, login: string): Promise<'admin' | 'member' | undefined> {
  const found = await unless([403, 404], undefined, async () => (await github.request('GET /orgs/{org}/memberships/{username}', { org, username: login })).data as { state?: string; role?: string });
  if (found?.state !== 'active') return undefined;
  return found.role === 'admin' ? 'admin' : 'member';
}

/** GitHub's repository permission levels (the `permission` field), widest first. */
export type RepositoryPermission = 'admin' | 'write' | 'read' | 'none';

/**
 * `login`'s permission on a repository (GET /repos/{owner}/{repo}/collaborators/{username}/permission):
 * admin, write, read or none; `none` too when GitHub does not know the user or will not tell (403, 404).
 */
export async function repositoryPermission(github: GitHubClient, repository: RepositoryRef, login: string): Promise<RepositoryPermission> {
  const found = await unless([403, 404], undefined, async () => {
    const response = await github.request('GET /repos/{owner}/{repo}/collaborators/{username}/permission', { owner: repository.owner, repo: repository.repo, username: login });
    return response.data as { permission?: string };
  });
  const permission = found?.permission;
  return permission === 'admin' || permission === 'write' || permission === 'read' ? permission : 'none';
}
