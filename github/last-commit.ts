import type { GitHubClient } from './github-client.js';
import { unless } from './http-status.js';
import type { RepositoryRef } from './repository.js';

/** A commit and the GitHub account its author is linked to (by the commit's author email). */
export interface CommitRef {
  sha: string;
  /** Undefined when the author's email is linked to no GitHub account. Git metadata: anyone who can push may write any author. */
  authorLogin: string | undefined;
}

interface CommitResponse {
  sha: string;
  author: { login: string } | null;
}

/**
 * The newest commit reachable from `ref` (a branch or a commit) that touched `path`, or undefined when none
 * did (the file never existed there) or the repository is empty (409).
 * GET /repos/{owner}/{repo}/commits?path=&sha=&per_page=1.
 */
export async function lastCommitTouching(github: GitHubClient, repository: RepositoryRef, path: string, ref: string): Promise<CommitRef | undefined> {
  const commits = await unless([404, 409], [] as CommitResponse[], async () => {
    const response = await github.request('GET /repos/{owner}/{repo}/commits', { owner: repository.owner, repo: repository.repo, path, sha: ref, per_page: 1 });
    return response.data as CommitResponse[];
  });
  const [last] = commits;
  return last === undefined ? undefined : { sha: last.sha, authorLogin: last.author?.login ?? undefined };
}
