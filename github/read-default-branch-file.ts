import type { GitHubClient } from './github-client.js';
import { unless } from './http-status.js';
import { lastCommitTouching, type CommitRef } from './last-commit.js';
import type { RepositoryInfo } from './repository.js';

/** A file as it stands on a repository's default branch. */
export interface DefaultBranchFile {
  path: string;
  /** The newest commit on the default branch that touched the file (for a deleted file: the deletion). */
  commit: CommitRef | undefined;
  /** The file's text; undefined when it is not on the default branch. */
  text: string | undefined;
}

interface ContentsResponse {
  type: string;
  encoding?: string;
  content?: string;
}

/**
 * Reads `path` from the repository's DEFAULT branch, never from any other ref: the newest commit on the
 * default branch that touched the path (GET .../commits?path=&sha=<default branch>), then the file's
 * contents at that very commit (GET .../contents/{path}?ref=<sha>), so the text and its commit agree even
 * while the branch moves. A pull request's head is never read.
 */
export async function readDefaultBranchFile(github: GitHubClient, repository: RepositoryInfo, path: string): Promise<DefaultBranchFile> {
  const commit = await lastCommitTouching(github, repository, path, repository.defaultBranch);
  if (commit === undefined) return { path, commit, text: undefined };
  const found = await unless([404], undefined, async () => {
    const response = await github.request('GET /repos/{owner}/{repo}/contents/{path}', { owner: repository.owner, repo: repository.repo, path, ref: commit.sha });
    return response.data as ContentsResponse | ContentsResponse[];
  });
  if (found === undefined) return { path, commit, text: undefined };
  if (Array.isArray(found) || found.type !== 'file') return { path, commit, text: undefined };
  if (found.encoding !== 'base64' || found.content === undefined) {
    throw new Error(`${repository.fullName}:${path} at ${commit.sha} came without base64 content (encoding ${String(found.encoding)}): it is too large to be a mapping file`);
  }
  return { path, commit, text: Buffer.from(found.content, 'base64').toString('utf8') };
}
