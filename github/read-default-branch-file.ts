import type { GitHubClient } from './github-client.js';
import { readFileAt } from './file-at-ref.js';
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

/**
 * Reads `path` from the repository's DEFAULT branch, never from any other ref: the newest commit on the
 * default branch that touched the path (GET .../commits?path=&sha=<default branch>), then the file's
 * contents at that very commit (GET .../contents/{path}?ref=<sha>), so the text and its commit agree even
 * while the branch moves. A pull request's head is never read.
 */
export async function readDefaultBranchFile(github: GitHubClient, repository: RepositoryInfo, path: string): Promise<DefaultBranchFile> {
  const commit = await lastCommitTouching(github, repository, path, repository.defaultBranch);
  if (commit === undefined) return { path, commit, text: undefined };
  return { path, commit, text: await readFileAt(github, repository, path, commit.sha) };
}
