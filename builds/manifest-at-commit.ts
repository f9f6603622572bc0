import type { GitHubClient } from '../github/github-client.js';
import { readFileAt } from '../github/file-at-ref.js';
import type { RepositoryInfo } from '../github/repository.js';
import { MANIFEST_FILE_NAMES } from '../manifest/load-manifest.js';
import type { ManifestAtCommit } from '../templates/manifest-check-run.js';
import { githubScope, validateGitHubManifest, type GitHubBuildDeps } from './github-builds.js';

/**
 * The manifest at a commit (GET contents?ref=<sha>, for each name a manifest may have), validated as the
 * manifest in force would be: against the tenant's floor in force now. What a push of a manifest is told
 * in its check run; builds never use it (they use the default branch's). Both names at once is a problem:
 * which one applies would be a guess.
 */
export async function manifestAtCommit(deps: Pick<GitHubBuildDeps, 'config' | 'resolver'>, octokit: GitHubClient, repository: RepositoryInfo, sha: string): Promise<{ found: ManifestAtCommit; tenantLabel: string }> {
  const tenantLabel = (await deps.resolver.tenantConfig(githubScope(repository))).label;
  const files: { name: string; text: string }[] = [];
  for (const name of MANIFEST_FILE_NAMES) {
    const text = await readFileAt(octokit, repository, name, sha);
    if (text !== undefined) files.push({ name, text });
  }
  if (files.length === 0) return { found: { state: 'absent' }, tenantLabel };
  if (files.length > 1) {
    const both = files.map((f) => f.name).join(' and ');
    return { found: { state: 'invalid', file: files[1].name, problems: [{ file: files[1].name, line: 1, col: 1, path: '', message: `both ${both} are in this commit: keep one` }] }, tenantLabel };
  }
  const checked = await validateGitHubManifest(deps, repository, files[0].name, files[0].text);
  return { found: checked.ok ? { state: 'valid', file: checked.file, manifest: checked.manifest } : { state: 'invalid', file: checked.file, problems: checked.problems }, tenantLabel };
}
