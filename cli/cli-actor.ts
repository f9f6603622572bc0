import type { Config } from '../lib/config.js';

export type CliActor = { ok: true; login: string; how: string } | { ok: false; message: string };

/**
 * Who the CLI acts as. On the embedded local stack (no TEMPORAL_ADDRESS) it is the person running it
 * (IMAGEFACTORY_USER, else the OS user), or `--as LOGIN` to try policies as someone else. Against a shared
 * deployment (TEMPORAL_ADDRESS set) it is the GitHub login of GITHUB_TOKEN, asked of GitHub, and `--as` is
 * refused: there, who acts must be proven, not said.
 */
export async function cliActor(config: Config, as: string | undefined): Promise<CliActor> {
  if (!config.temporalAddress) return { ok: true, login: as ?? config.user, how: as ? '--as' : 'IMAGEFACTORY_USER or the OS user' };
  if (as !== undefined) {
    return { ok: false, message: `--as is for trying policies on the embedded local stack only: against a shared deployment (TEMPORAL_ADDRESS=${config.temporalAddress}) the CLI acts as the GitHub login of GITHUB_TOKEN` };
  }
  if (!config.githubToken) {
    return { ok: false, message: `against a shared deployment (TEMPORAL_ADDRESS=${config.temporalAddress}) the CLI acts as the GitHub login of its token: set GITHUB_TOKEN (and GITHUB_API_URL for GitHub Enterprise Server)` };
  }
  const [{ createGitHubClient }, { authenticatedLogin }] = await Promise.all([import('../github/github-client.js'), import('../github/authenticated-login.js')]);
  const found = await authenticatedLogin(createGitHubClient({ baseUrl: config.githubApiUrl, token: config.githubToken }), config.githubApiUrl);
  return found.ok ? { ok: true, login: found.login, how: 'the login of GITHUB_TOKEN' } : found;
}
