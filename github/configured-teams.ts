import type { Config } from '../lib/config.js';
import { createGitHubClient } from './github-client.js';
import { TeamMemberships } from './team-membership.js';

/** Team memberships from GitHub when this process has a token for it (GITHUB_TOKEN); else none can be checked. */
export function configuredTeams(config: Pick<Config, 'githubToken' | 'githubApiUrl'>): TeamMemberships | undefined {
  if (!config.githubToken) return undefined;
  return new TeamMemberships(createGitHubClient({ baseUrl: config.githubApiUrl, token: config.githubToken }));
}
