import type { NotifiedBuild } from '../workflows/notification-types.js';

/** Where people see a build on GitHub: the repository, the commit, its check runs, the pull request. */
export interface BuildLinks {
  repository?: string;
  commit?: string;
  /** The commit's checks page, which holds the build's check run. */
  checkRun?: string;
  pullRequest?: { number: number; url: string };
}

/** The web root of a GitHub API root: https://api.github.com -> https://github.com, https://HOST/api/v3 -> https://HOST. Pure. */
export function githubWebUrl(apiUrl: string): string {
  const trimmed = apiUrl.replace(/\/+$/, '');
  if (/^https:\/\/api\.github\.com$/i.test(trimmed)) return 'https://github.com';
  return trimmed.replace(/\/api\/v3$/i, '');
}

/** The links of a build of a GitHub repository (none for a local folder), under `web` (githubWebUrl). Pure. */
export function buildLinks(build: Pick<NotifiedBuild, 'github' | 'commit'>, web: string | undefined): BuildLinks {
  const gh = build.github;
  if (!gh || !web) return {};
  const repository = `${web}/${encodeURIComponent(gh.owner)}/${encodeURIComponent(gh.repo)}`;
  return {
    repository,
    commit: `${repository}/commit/${build.commit.sha}`,
    checkRun: `${repository}/commit/${build.commit.sha}/checks`,
    ...(gh.pullRequest !== undefined ? { pullRequest: { number: gh.pullRequest, url: `${repository}/pull/${gh.pullRequest}` } } : {}),
  };
}
