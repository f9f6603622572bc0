import type { GitHubClient } from './github-client.js';
import type { RepositoryRef } from './repository.js';

/** GitHub takes at most 50 annotations per check-run request; more are added by updates, 50 at a time. */
export const ANNOTATIONS_PER_REQUEST = 50;

/** A line (or lines) of a file the check run points at (GitHub's field names). Columns only within one line. */
export interface CheckRunAnnotation {
  path: string;
  start_line: number;
  end_line: number;
  start_column?: number;
  end_column?: number;
  annotation_level: 'notice' | 'warning' | 'failure';
  message: string;
  title?: string;
}

/** A check run that is over when written: its conclusion, what it says, and where in the files. */
export interface CompletedCheckRun {
  name: string;
  conclusion: 'success' | 'failure' | 'neutral';
  output: { title: string; summary: string; text?: string };
  annotations: readonly CheckRunAnnotation[];
}

/**
 * Writes a completed check run on `headSha` with all its annotations: the first 50 with the run
 * (POST /repos/{owner}/{repo}/check-runs), each further 50 by an update (PATCH .../check-runs/{id}), which
 * GitHub adds to those already there. Returns the run's id.
 */
export async function writeCompletedCheckRun(github: GitHubClient, repository: RepositoryRef, headSha: string, run: CompletedCheckRun): Promise<number> {
  const batches: CheckRunAnnotation[][] = [];
  for (let i = 0; i < run.annotations.length; i += ANNOTATIONS_PER_REQUEST) batches.push(run.annotations.slice(i, i + ANNOTATIONS_PER_REQUEST));
  const [first = [], ...rest] = batches;
  const at = { owner: repository.owner, repo: repository.repo };
  const { data } = await github.request('POST /repos/{owner}/{repo}/check-runs', {
    ...at,
    name: run.name,
    head_sha: headSha,
    status: 'completed',
    conclusion: run.conclusion,
    completed_at: new Date().toISOString(),
    output: { ...run.output, annotations: first },
  });
  const id = Number(data.id);
  for (const annotations of rest) {
    await github.request('PATCH /repos/{owner}/{repo}/check-runs/{check_run_id}', { ...at, check_run_id: id, output: { ...run.output, annotations } });
  }
  return id;
}

/** Whether the App already wrote a check run of this name on the commit (a delivery handled again writes none twice). */
export async function hasCheckRun(github: GitHubClient, repository: RepositoryRef, headSha: string, name: string, appId: number): Promise<boolean> {
  const { data } = await github.request('GET /repos/{owner}/{repo}/commits/{ref}/check-runs', { owner: repository.owner, repo: repository.repo, ref: headSha, check_name: name, app_id: appId, filter: 'all', per_page: 1 });
  return data.total_count > 0;
}
