import { buildsAtCommit } from '../../db/builds-at-commit.js';
import type { Build } from '../../db/schema/builds.js';
import { branchHead } from '../../github/branch-head.js';
import { getPullRequest, type PullRequestInfo } from '../../github/pull-request.js';
import type { ActorRef } from '../../policies/actor.js';
import type { ActorResolver } from '../../roles/actor-resolver.js';
import type { ReplyTarget } from '../../templates/command-replies.js';
import { mdCode } from '../../templates/markdown.js';
import { pullRequestCommit, type PullRequestScope } from '../pull-request-builds.js';

/** Everything a command runs with: where it was given (the repository and the installation's client), by whom. */
export interface CommandContext extends PullRequestScope {
  tenantId: string;
  /** Who acts: the commenter (or clicker), from the signed webhook. */
  actor: ActorRef;
  /** The pull request's or issue's number. */
  issue: number;
  isPullRequest: boolean;
  resolver: ActorResolver;
}

/** The commit a command acts on: a pull request's head, or the default branch's head for an issue. */
export interface CommandTarget extends ReplyTarget {
  ref: string;
  branch?: string;
  pullRequest?: PullRequestInfo;
  /** The builds at the commit, one per image, by image name: read from the database as soon as the commit is known. */
  builds: Promise<Build[]>;
}

/** A read begun ahead of its use: its failure surfaces where it is awaited, and never unobserved if it is not. */
export function ahead<T>(read: Promise<T>): Promise<T> {
  read.catch(() => undefined);
  return read;
}

/** The commit a command acts on, or a sentence saying why there is none. */
export type TargetFound = { ok: true; target: CommandTarget } | { ok: false; text: string };

/**
 * The head of the pull request as it is now (asked of GitHub: the payload's may be old), or of the default
 * branch on an issue; a sentence when there is none.
 */
export async function commandTarget(ctx: CommandContext): Promise<TargetFound> {
  const builds = (sha: string) => ahead(buildsAtCommit(ctx.deps.db, ctx.tenantId, ctx.repository.fullName, sha));
  if (ctx.isPullRequest) {
    const pr = await getPullRequest(ctx.octokit, ctx.repository, ctx.issue);
    if (!pr) return { ok: false, text: `GitHub knows no pull request #${ctx.issue} in ${ctx.repository.fullName} any more.` };
    return { ok: true, target: { ...pullRequestCommit(ctx.repository, pr), of: `pull request #${pr.number}`, pullRequest: pr, builds: builds(pr.headSha) } };
  }
  const branch = ctx.repository.defaultBranch;
  const sha = await branchHead(ctx.octokit, ctx.repository, branch);
  if (!sha) return { ok: false, text: `The default branch \`${branch}\` has no commit to act on.` };
  return { ok: true, target: { sha, of: mdCode(branch), ref: `refs/heads/${branch}`, branch, builds: builds(sha) } };
}
