import type { GitHubClient } from './github-client.js';
import type { RepositoryRef } from './repository.js';

/** A comment on a commit (POST /repos/{owner}/{repo}/commits/{sha}/comments): how the App answers a push. Its id. */
export async function commentOnCommit(github: GitHubClient, repository: RepositoryRef, sha: string, body: string): Promise<number> {
  const { data } = await github.request('POST /repos/{owner}/{repo}/commits/{commit_sha}/comments', { owner: repository.owner, repo: repository.repo, commit_sha: sha, body });
  return Number(data.id);
}
