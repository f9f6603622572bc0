import type { GitHubClient } from './github-client.js';
import { unless } from './http-status.js';
import type { RepositoryRef } from './repository.js';

/** GET /repos/{owner}/{repo}/branches/{branch}: the sha at the branch's head now, or undefined when there is no such branch. */
export async function branchHead(github: GitHubClient, repository: RepositoryRef, branch: string): Promise<string | undefined> {
  return unless([404], undefined, async () => {
    const { data } = await github.request('GET /repos/{owner}/{repo}/branches/{branch}', { ...repository, branch });
    return data.commit.sha;
  });
}
