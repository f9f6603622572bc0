import { comparedFiles } from '../github/changed-files.js';
import type { GitHubClient } from '../github/github-client.js';
import type { RepositoryRef } from '../github/repository.js';
import type { PushTrigger } from '../policies/match-triggers.js';

/** The most commits GitHub lists in a push webhook: a push with this many may have brought more. */
export const PUSH_COMMITS_CAP = 2048;
const NO_COMMIT = /^0{40}$/;

/** What the App reads of a push event's payload. */
export interface PushPayload {
  ref: string;
  before: string;
  after: string;
  created: boolean;
  deleted: boolean;
  forced: boolean;
  commits: readonly { id: string; added?: readonly string[]; modified?: readonly string[]; removed?: readonly string[] }[];
  head_commit: { id: string } | null;
}

/** A push as the App sees it: what was pushed, which commit it leads to, and the commits it brought. */
export interface PushedRef {
  ref: string;
  branch?: string;
  tag?: string;
  /** The commit pushed (for an annotated tag, the commit it names, not the tag object). */
  sha: string;
  before: string | undefined;
  deleted: boolean;
  forced: boolean;
  /** The ids of the commits the push brought, as the payload lists them. */
  commits: string[];
  /** The files those commits added, changed or removed, when the payload lists all of them. */
  payloadFiles: string[] | undefined;
}

/** Reads a push payload; undefined for a ref that is neither a branch nor a tag (refs/notes/..., refs/pull/...). */
export function pushedRef(p: PushPayload): PushedRef | undefined {
  const branch = p.ref.startsWith('refs/heads/') ? p.ref.slice('refs/heads/'.length) : undefined;
  const tag = p.ref.startsWith('refs/tags/') ? p.ref.slice('refs/tags/'.length) : undefined;
  if (branch === undefined && tag === undefined) return undefined;
  const listed = p.commits.length > 0 && p.commits.length < PUSH_COMMITS_CAP;
  const payloadFiles = listed ? [...new Set(p.commits.flatMap((c) => [...(c.added ?? []), ...(c.modified ?? []), ...(c.removed ?? [])]))] : undefined;
  return {
    ref: p.ref,
    ...(branch !== undefined ? { branch } : { tag }),
    sha: p.head_commit?.id ?? p.after,
    before: p.created || NO_COMMIT.test(p.before) ? undefined : p.before,
    deleted: p.deleted,
    forced: p.forced,
    commits: p.commits.map((c) => c.id),
    payloadFiles,
  };
}

/**
 * The files a push changed: as its payload lists them, or, when the payload's list was cut short, as GitHub
 * compares the commits before and after it. Undefined when nobody can say: a forced push (its commits do
 * not say what it replaced), a new branch or a tag with no commit of its own, a comparison GitHub cut short.
 */
export async function changedFilesOf(github: GitHubClient, repository: RepositoryRef, push: PushedRef): Promise<string[] | undefined> {
  if (push.forced) return undefined;
  if (push.payloadFiles !== undefined) return push.payloadFiles;
  if (push.commits.length >= PUSH_COMMITS_CAP && push.before !== undefined) return comparedFiles(github, repository, push.before, push.sha);
  return undefined;
}

/** The push as the triggers see it. */
export function pushTrigger(push: PushedRef, changedFiles: readonly string[] | undefined): PushTrigger {
  const common = { kind: 'push' as const, deleted: push.deleted, forced: push.forced, changedFiles };
  return push.branch !== undefined ? { ...common, branch: push.branch } : { ...common, tag: push.tag! };
}
