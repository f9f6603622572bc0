import type { GitHubClient } from './github-client.js';
import { httpStatusOf } from './http-status.js';

export interface CommitRef {
  owner: string;
  repo: string;
  sha: string;
}

/** A commit's tarball on its way (gzip bytes), or why GitHub will not give it: a sentence retrying cannot change. */
export type CommitTarball =
  | { ok: true; body: ReadableStream<Uint8Array>; size: number | undefined }
  | { ok: false; reason: string };

const TOKEN_URL = /\/app\/installations\/\d+\/access_tokens$/;

/** The installation client could not get a token: the installation is gone, suspended, or the App's key is not GitHub's. */
function refusedToken(err: unknown, installationId: number): string | undefined {
  const url = (err as { request?: { url?: string } }).request?.url ?? '';
  const status = httpStatusOf(err);
  if (!TOKEN_URL.test(url) || status === undefined || ![401, 403, 404].includes(status)) return undefined;
  const why = status === 404 ? 'no longer exists (the App was uninstalled)' : status === 403 ? 'is suspended' : 'refused the App (APP_ID or PRIVATE_KEY is not what GitHub has)';
  return `GitHub gave no token for installation ${installationId}: it ${why} (HTTP ${status})`;
}

/**
 * Opens the tarball of a commit through the API with an installation's client: GET
 * /repos/{owner}/{repo}/tarball/{sha} answers 302 to a short-lived codeload URL that carries its own
 * token, which is then downloaded without our Authorization header. The redirect is not followed by
 * fetch: the installation token goes to the API host alone, never to whatever host a redirect names.
 */
export async function openCommitTarball(client: GitHubClient, installationId: number, commit: CommitRef, signal: AbortSignal): Promise<CommitTarball> {
  const name = `${commit.owner}/${commit.repo}@${commit.sha}`;
  let answer;
  try {
    answer = await client.request('GET /repos/{owner}/{repo}/tarball/{ref}', {
      owner: commit.owner,
      repo: commit.repo,
      ref: commit.sha,
      request: { redirect: 'manual', parseSuccessResponseBody: false, signal },
    });
  } catch (err) {
    const token = refusedToken(err, installationId);
    if (token) return { ok: false, reason: `cannot fetch ${name}: ${token}` };
    const status = httpStatusOf(err);
    if (status === 404 || status === 410 || status === 451) {
      return { ok: false, reason: `cannot fetch ${name}: GitHub has no such commit in ${commit.owner}/${commit.repo}, or installation ${installationId} cannot read that repository (HTTP ${status})` };
    }
    throw err;
  }
  const status = answer.status as number;
  const first = answer.data as unknown as ReadableStream<Uint8Array> | null;
  if (status === 200 && first) return { ok: true, body: first, size: sizeOf(answer.headers['content-length']) };
  await first?.cancel().catch(() => undefined);
  const location = answer.headers.location;
  if (status < 300 || status > 399 || !location) throw new Error(`GitHub answered the tarball of ${name} with HTTP ${status} and no download location`);

  const target = new URL(location, answer.url);
  const download = await fetch(target, { redirect: 'follow', signal, headers: { 'user-agent': 'imagefactory' } });
  // A refused download link (expired, say) is asked for again by the next attempt.
  if (!download.ok || !download.body) {
    await download.body?.cancel().catch(() => undefined);
    throw new Error(`the download of ${name} from ${target.host} answered HTTP ${download.status}`);
  }
  return { ok: true, body: download.body, size: sizeOf(download.headers.get('content-length') ?? undefined) };
}

function sizeOf(header: string | number | undefined): number | undefined {
  const n = Number(header);
  return header === undefined || !Number.isFinite(n) ? undefined : n;
}
