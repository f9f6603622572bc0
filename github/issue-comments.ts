import type { GitHubClient } from './github-client.js';
import type { RepositoryRef } from './repository.js';

/** The reactions GitHub has (REST API "Reactions"). */
export type Reaction = '+1' | '-1' | 'laugh' | 'confused' | 'heart' | 'hooray' | 'rocket' | 'eyes';

/** POST /repos/{owner}/{repo}/issues/{issue_number}/comments: a comment on an issue or a pull request; its id. */
export async function commentOnIssue(github: GitHubClient, repository: RepositoryRef, issue: number, body: string): Promise<number> {
  const { data } = await github.request('POST /repos/{owner}/{repo}/issues/{issue_number}/comments', { ...repository, issue_number: issue, body });
  return Number(data.id);
}

/** POST /repos/{owner}/{repo}/issues/comments/{comment_id}/reactions: a reaction on a comment (GitHub keeps one of each kind per author). */
export async function reactToComment(github: GitHubClient, repository: RepositoryRef, commentId: number, content: Reaction): Promise<void> {
  await github.request('POST /repos/{owner}/{repo}/issues/comments/{comment_id}/reactions', { ...repository, comment_id: commentId, content });
}
