import type { GitHubClient } from './github-client.js';
import type { RepositoryRef } from './repository.js';

/** The most files GitHub lists for a comparison of two commits: a list this long may have been cut short. */
export const COMPARE_FILES_CAP = 300;
/** The most files GitHub lists for a pull request. */
export const PULL_REQUEST_FILES_CAP = 3000;
const PER_PAGE = 100;

interface ChangedFile {
  filename: string;
  /** A renamed file's old path: changed too. */
  previous_filename?: string;
}

const pathsOf = (files: readonly ChangedFile[]) => [...new Set(files.flatMap((f) => (f.previous_filename ? [f.filename, f.previous_filename] : [f.filename])))];

/**
 * The files changed between two commits (GET /repos/{owner}/{repo}/compare/{base}...{head}): what a push
 * changed when its webhook's commit list was cut short. Undefined when GitHub's own list may be incomplete.
 */
export async function comparedFiles(github: GitHubClient, repository: RepositoryRef, base: string, head: string): Promise<string[] | undefined> {
  const { data } = await github.request('GET /repos/{owner}/{repo}/compare/{basehead}', { owner: repository.owner, repo: repository.repo, basehead: `${base}...${head}`, per_page: 1 });
  const files = (data.files ?? []) as ChangedFile[];
  return files.length >= COMPARE_FILES_CAP ? undefined : pathsOf(files);
}

/**
 * The files a pull request changes (GET /repos/{owner}/{repo}/pulls/{n}/files, every page). Undefined when
 * it changes more than GitHub lists (3000 files).
 */
export async function pullRequestFiles(github: GitHubClient, repository: RepositoryRef, pullNumber: number): Promise<string[] | undefined> {
  const files: ChangedFile[] = [];
  for (let page = 1; page <= PULL_REQUEST_FILES_CAP / PER_PAGE; page += 1) {
    const { data } = await github.request('GET /repos/{owner}/{repo}/pulls/{pull_number}/files', { owner: repository.owner, repo: repository.repo, pull_number: pullNumber, per_page: PER_PAGE, page });
    files.push(...(data as ChangedFile[]));
    if (data.length < PER_PAGE) return pathsOf(files);
  }
  return undefined;
}
