import type { GitHubClient } from './github-client.js';
import { httpStatusOf } from './http-status.js';

/** The GitHub login a token belongs to (GET /user), or why it cannot be told. */
export async function authenticatedLogin(github: GitHubClient, apiUrl: string): Promise<{ ok: true; login: string } | { ok: false; message: string }> {
  try {
    const response = await github.request('GET /user');
    return { ok: true, login: (response.data as { login: string }).login };
  } catch (err) {
    const status = httpStatusOf(err);
    if (status === 401) return { ok: false, message: `GITHUB_TOKEN is not accepted by ${apiUrl} (HTTP 401): it is wrong or expired` };
    return { ok: false, message: `cannot ask ${apiUrl} whose GITHUB_TOKEN this is: ${status ? `HTTP ${status}` : (err as Error).message}` };
  }
}
