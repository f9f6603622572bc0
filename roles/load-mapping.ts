import type { Problem } from '../manifest/problem.js';
import { parseTenantConfig } from '../manifest/tenant-config.js';
import type { GitHubClient } from '../github/github-client.js';
import type { CommitRef } from '../github/last-commit.js';
import { readDefaultBranchFile, type DefaultBranchFile } from '../github/read-default-branch-file.js';
import type { RepositoryInfo } from '../github/repository.js';
import type { MappingContent, MappingSource } from './mapping-source.js';
import { parseProjectRoles } from './parse-project-roles.js';

/** A mapping source as it stands on the default branch. */
export type LoadedMapping =
  /** No mapping: the file is not there (commit: the deletion, if it ever existed), or a manifest without roles. */
  | { state: 'absent'; commit: CommitRef | undefined }
  | { state: 'invalid'; commit: CommitRef | undefined; problems: Problem[] }
  | { state: 'valid'; commit: CommitRef; content: MappingContent };

function parse(source: MappingSource, file: DefaultBranchFile & { commit: CommitRef; text: string }): LoadedMapping {
  if (source.kind === 'tenant') {
    const result = parseTenantConfig(file.text, file.path);
    return result.ok ? { state: 'valid', commit: file.commit, content: { ...result.value } } : { state: 'invalid', commit: file.commit, problems: result.problems };
  }
  const result = parseProjectRoles(file.text, file.path);
  if (!result.ok) return { state: 'invalid', commit: file.commit, problems: result.problems };
  const roles = result.value ?? {};
  return Object.keys(roles).length === 0 ? { state: 'absent', commit: file.commit } : { state: 'valid', commit: file.commit, content: { roles } };
}

/**
 * Reads a mapping source from its repository's default branch (never another ref) and validates it. A
 * project with both `.imagefactory.yml` and `.imagefactory.yaml` is refused: which one applies would be a
 * guess. The repository is undefined when it does not exist (an organization without `.imagefactory`).
 */
export async function loadMappingAtDefaultBranch(github: GitHubClient, source: MappingSource, repository: RepositoryInfo | undefined): Promise<LoadedMapping> {
  if (repository === undefined) return { state: 'absent', commit: undefined };
  const files: DefaultBranchFile[] = [];
  for (const path of source.files) files.push(await readDefaultBranchFile(github, repository, path));
  const present = files.filter((f): f is DefaultBranchFile & { commit: CommitRef; text: string } => f.text !== undefined && f.commit !== undefined);
  if (present.length > 1) {
    const names = present.map((f) => f.path).join(' and ');
    const problem: Problem = { file: present[1].path, line: 1, col: 1, path: '', message: `both ${names} are on the default branch: keep one` };
    return { state: 'invalid', commit: present[1].commit, problems: [problem] };
  }
  if (present.length === 1) return parse(source, present[0]);
  const deletions = files.map((f) => f.commit).filter((c): c is CommitRef => c !== undefined);
  return { state: 'absent', commit: deletions[0] };
}
