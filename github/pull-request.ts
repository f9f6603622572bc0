import type { GitHubClient } from './github-client.js';
import { unless } from './http-status.js';
import type { RepositoryRef } from './repository.js';

/** What the App needs of a pull request: its head commit, where that comes from, its base and its author. */
export interface PullRequestInfo {
  number: number;
  state: 'open' | 'closed';
  headSha: string;
  headRef: string;
  /** `owner/name` of the head's repository: another one for a pull request from a fork (null when the fork is gone). */
  headRepository: string | null;
  baseRef: string;
  author: string;
}

/** A pull request as GitHub's API and webhooks write it (the parts the App reads). */
export interface PullResponse {
  number: number;
  state: string;
  head: { sha: string; ref: string; repo: { full_name: string } | null };
  base: { ref: string };
  user: { login: string } | null;
}

/** What the App needs of a pull request, from the API's answer or a webhook's `pull_request`. */
export function pullRequestInfo(found: PullResponse): PullRequestInfo {
  return {
    number: found.number,
    state: found.state === 'closed' ? 'closed' : 'open',
    headSha: found.head.sha,
    headRef: found.head.ref,
    headRepository: found.head.repo?.full_name ?? null,
    baseRef: found.base.ref,
    author: found.user?.login ?? 'ghost',
  };
}

/** GET /repos/{owner}/{repo}/pulls/{pull_number}: the pull request as it is now, or undefined when there is none (404). */
export async function getPullRequest(github: GitHubClient, repository: RepositoryRef, number: number): Promise<PullRequestInfo | undefined> {
  const found = await unless([404], undefined, async () => (await github.request('GET /repos/{owner}/{repo}/pulls/{pull_number}', { ...repository, pull_number: number })).data as PullResponse);
  return found === undefined ? undefined : pullRequestInfo(found);
}
