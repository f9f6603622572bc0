import { ProbotOctokit } from 'probot';
import { directReads } from './direct-reads.js';

/**
 * What the GitHub helpers need of an Octokit: `request`. Only this file loads probot at run time (the
 * others import this type alone), so commands that never call GitHub stay quick to start. The bot passes its installation Octokit (a
 * ProbotOctokit from the webhook context); the CLI builds one with createGitHubClient.
 */
export type GitHubClient = Pick<ProbotOctokit, 'request'>;

export interface GitHubClientOptions {
  /** REST API root: config.githubApiUrl (https://api.github.com, GitHub Enterprise's /api/v3, or a test double). */
  baseUrl: string;
  /** A personal access token or any token GitHub accepts as `Authorization: token ...`; none: anonymous. */
  token?: string;
  /** Where Octokit's own warnings go (rate limits, retries). Default: stderr. */
  warn?: (message: string) => void;
}

const ignore = () => undefined;

/** Probot's Octokit whose plain reads skip its queues' timers (directReads): the class of every client the App and the CLI make. */
export const FactoryOctokit = ProbotOctokit.plugin(directReads);

/** An Octokit for GitHub's REST API, authenticated by token: the same class the bot's installation clients are. */
export function createGitHubClient(options: GitHubClientOptions): GitHubClient {
  const warn = options.warn ?? ((message: string) => void process.stderr.write(`${message}\n`));
  return new FactoryOctokit({
    baseUrl: options.baseUrl,
    ...(options.token === undefined ? {} : { auth: { token: options.token } }),
    userAgent: 'imagefactory',
    log: { debug: ignore, info: ignore, warn, error: warn },
  });
}
