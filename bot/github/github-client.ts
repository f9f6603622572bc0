import { ProbotOctokit } from 'probot';

/**
 * What the GitHub helpers need of an Octokit: `request`. The bot passes its installation Octokit (a
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

/** An Octokit for GitHub's REST API, authenticated by token: the same class the bot's installation clients are. */
export function createGitHubClient(options: GitHubClientOptions): GitHubClient {
  const warn = options.warn ?? ((message: string) => void process.stderr.write(`${message}\n`));
  return new ProbotOctokit({
    baseUrl: options.baseUrl,
    ...(options.token === undefined ? {} : { auth: { token: options.token } }),
    userAgent: 'imagefactory',
    log: { debug: ignore, info: ignore, warn, error: warn },
  });
}

/** The HTTP status of a failed Octokit request, or undefined for an error that is not an HTTP answer. */
export function httpStatusOf(err: unknown): number | undefined {
  const status = (err as { status?: unknown } | null)?.status;
  return typeof status === 'number' ? status : undefined;
}

/** Runs a request and gives `fallback` when GitHub answers with one of `statuses` (404: no such thing). */
export async function unless<T>(statuses: readonly number[], fallback: T, run: () => Promise<T>): Promise<T> {
  try {
    return await run();
  } catch (err) {
    const status = httpStatusOf(err);
    if (status !== undefined && statuses.includes(status)) return fallback;
    throw err;
  }
}
