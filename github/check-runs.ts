import type { GitHubClient } from './github-client.js';

export interface RepositoryRef {
  owner: string;
  repo: string;
}

/** What a check run says: its state, output and buttons (GitHub's field names). */
export interface CheckRunBody {
  name: string;
  external_id?: string;
  details_url?: string;
  status: 'queued' | 'in_progress' | 'completed';
  conclusion?: 'success' | 'failure' | 'cancelled' | 'timed_out' | 'neutral' | 'action_required' | 'skipped';
  started_at?: string;
  completed_at?: string;
  output: { title: string; summary: string; text?: string };
  /** Requested actions; an empty list removes them. */
  actions: { label: string; description: string; identifier: string }[];
}

/**
 * Each request once (Octokit's own retries off: the caller retries, with its own backoff) and abortable, so
 * an attempt given up on sends nothing later that could overwrite a newer state.
 */
const once = (signal: AbortSignal) => ({ request: { retries: 0, signal } });

/** POST /repos/{owner}/{repo}/check-runs: a new check run on `headSha`; its id. */
export async function createCheckRun(client: GitHubClient, at: RepositoryRef, headSha: string, body: CheckRunBody, signal: AbortSignal): Promise<number> {
  const { data } = await client.request('POST /repos/{owner}/{repo}/check-runs', { ...at, head_sha: headSha, ...body, ...once(signal) });
  return Number(data.id);
}

/** PATCH /repos/{owner}/{repo}/check-runs/{check_run_id}. */
export async function updateCheckRun(client: GitHubClient, at: RepositoryRef, id: number, body: CheckRunBody, signal: AbortSignal): Promise<void> {
  await client.request('PATCH /repos/{owner}/{repo}/check-runs/{check_run_id}', { ...at, check_run_id: id, ...body, ...once(signal) });
}

/**
 * The App's check run named `name` on `headSha` with this external id that started at `startedAt` (to the
 * second, as GitHub keeps it), newest first: how a retry finds the run an earlier attempt created.
 */
export async function findCheckRun(
  client: GitHubClient,
  at: RepositoryRef,
  q: { headSha: string; name: string; appId: number; externalId: string; startedAt: string },
  signal: AbortSignal,
): Promise<number | undefined> {
  const { data } = await client.request('GET /repos/{owner}/{repo}/commits/{ref}/check-runs', {
    ...at,
    ref: q.headSha,
    check_name: q.name,
    app_id: q.appId,
    filter: 'all',
    per_page: 100,
    ...once(signal),
  });
  const second = (iso: string | null | undefined) => (iso ? Math.floor(Date.parse(iso) / 1000) : NaN);
  const found = data.check_runs.find((r) => r.external_id === q.externalId && second(r.started_at) === second(q.startedAt));
  return found === undefined ? undefined : Number(found.id);
}
