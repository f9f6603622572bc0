import { ApplicationFailure, Context } from '@temporalio/activity';
import type { Database } from '../db/database.js';
import { createCheckRun, findCheckRun, updateCheckRun, type CheckRunBody } from '../github/check-runs.js';
import type { GitHubClient } from '../github/github-client.js';
import { httpStatusOf } from '../github/http-status.js';
import type { ApprovalRule } from '../policies/build-rules.js';
import { checkRunContent, checkRunName, type CheckRunView } from '../templates/check-run.js';
import { readBuildFacts } from './build-facts.js';
import type { BuildState, GitHubCommitTarget } from '../workflows/image-build-types.js';

/** Octokit clients of the App's installations, on a worker that has the App (APP_ID, PRIVATE_KEY). */
export interface GitHubInstallations {
  /** The App's id: a retry looks for the App's own check run. */
  appId: number;
  client(installationId: number): GitHubClient;
}

/** What earlier announcements of a build run left, to update in place: the check run's id. */
export interface BuildReceipts {
  checkRun?: { id: number };
}

/** A build as it is now, for everyone who hears about it: today its check run; Slack and email next. */
export interface BuildEvent {
  buildId: string;
  tenantId: string;
  /** owner/name */
  repository: string;
  image: string;
  commitSha: string;
  /** The workflow run announcing it, and when it started: each run (a rebuild) gets a check run of its own. */
  run: { id: string; startedAt: string };
  state: BuildState;
  /** The approval rule in force, once admitted. */
  approval?: ApprovalRule;
  /** The GitHub commit to write the check run on. */
  checkRun?: GitHubCommitTarget;
  receipts: BuildReceipts;
}

/** How long one request to GitHub may take before the attempt gives up on it (and retries). */
const REQUEST_TIMEOUT_MS = 15_000;

/** The check run's full picture: the state, the scan's counts by severity, a failed build's log tail. */
async function viewOf(db: Database, e: BuildEvent): Promise<CheckRunView> {
  return { buildId: e.buildId, image: e.image, repository: e.repository, commitSha: e.commitSha, state: e.state, approval: e.approval, ...(await readBuildFacts(db, e.tenantId, e.buildId, e.state)) };
}

/** A timestamp as GitHub writes them: ISO 8601 to the second. */
const toSecond = (iso: string) => new Date(Date.parse(iso)).toISOString().replace(/\.\d{3}Z$/, 'Z');

function bodyOf(e: BuildEvent, view: CheckRunView): CheckRunBody {
  const content = checkRunContent(view);
  return {
    name: checkRunName(e.image),
    external_id: e.buildId,
    status: content.status,
    ...(content.conclusion ? { conclusion: content.conclusion, completed_at: toSecond(e.state.updatedAt) } : {}),
    started_at: toSecond(e.run.startedAt),
    output: { title: content.title, summary: content.summary, ...(content.text ? { text: content.text } : {}) },
    actions: content.actions,
  };
}

/** GitHub's refusals no retry changes (no access, no such repository, a body it rejects) fail at once; the rest is retried. */
function classified(err: unknown, e: BuildEvent, at: GitHubCommitTarget): unknown {
  const status = httpStatusOf(err);
  const message = (err as Error).message ?? String(err);
  const rateLimited = status === 429 || (status === 403 && /rate limit/i.test(message));
  if (status === undefined || status >= 500 || status === 401 || status === 408 || rateLimited || status < 400) return err;
  return ApplicationFailure.nonRetryable(`GitHub refused the check run of ${e.buildId} on ${at.owner}/${at.repo}@${at.sha.slice(0, 12)}: ${status} ${message}`, 'CheckRunRefused');
}

/**
 * Writes the build's check run as the build is now: created once per build run (a retry after a lost
 * answer finds the run an earlier attempt created: same name, head sha, external id and start), then
 * updated in place. Each request is bounded and abortable; retries are Temporal's.
 */
async function writeCheckRun(deps: { db: Database; github?: GitHubInstallations }, e: BuildEvent, at: GitHubCommitTarget): Promise<BuildReceipts['checkRun']> {
  const ctx = Context.current();
  if (!deps.github) {
    ctx.log.warn(`no check run for ${e.buildId} on ${at.owner}/${at.repo}: this worker has no GitHub App configured (APP_ID, PRIVATE_KEY)`);
    return e.receipts.checkRun;
  }
  const beat = setInterval(() => ctx.heartbeat(), Math.max(200, Math.min(5000, (ctx.info.heartbeatTimeoutMs ?? 30_000) / 3)));
  const signal = () => AbortSignal.any([ctx.cancellationSignal, AbortSignal.timeout(REQUEST_TIMEOUT_MS)]);
  try {
    const body = bodyOf(e, await viewOf(deps.db, e));
    const client = deps.github.client(at.installationId);
    const repo = { owner: at.owner, repo: at.repo };
    const id =
      e.receipts.checkRun?.id ??
      (await findCheckRun(client, repo, { headSha: at.sha, name: body.name, appId: deps.github.appId, externalId: e.buildId, startedAt: e.run.startedAt }, signal()));
    if (id === undefined) return { id: await createCheckRun(client, repo, at.sha, body, signal()) };
    await updateCheckRun(client, repo, id, body, signal());
    return { id };
  } catch (err) {
    throw classified(err, e, at);
  } finally {
    clearInterval(beat);
  }
}

/**
 * The build-event step: the workflow calls it at every change people should see (a new state, a decision),
 * one at a time and in order, and never waits on it to go on building. Idempotent across retries and
 * worker restarts.
 */
export function announceBuildActivity(deps: { db: Database; github?: GitHubInstallations }) {
  return async function announceBuild(e: BuildEvent): Promise<BuildReceipts> {
    const receipts: BuildReceipts = { ...e.receipts };
    if (e.checkRun) receipts.checkRun = await writeCheckRun(deps, e, e.checkRun);
    return receipts;
  };
}
