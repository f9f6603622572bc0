import { randomBytes } from 'node:crypto';
import type { GitHubDouble } from './github-double.js';

/** A repository of the double and the installation webhooks about it come from. */
export interface EventRepository {
  fullName: string;
  ownerId: number;
  installationId: number;
  defaultBranch?: string;
}

/** A payload's `repository`, as GitHub sends it. */
export function repositoryPayload(r: EventRepository) {
  const [owner, name] = r.fullName.split('/');
  return { id: r.ownerId + name.length, name, full_name: r.fullName, default_branch: r.defaultBranch ?? 'main', html_url: `https://github.com/${r.fullName}`, private: true, owner: { login: owner, id: r.ownerId, type: 'Organization' } };
}

const person = (login: string) => ({ login, id: 1000 + login.length, type: 'User' });
const ZERO = '0'.repeat(40);

export interface PushSpec {
  pusher: string;
  /** The branch pushed to (its new commit written to the double), or a tag on an existing commit. */
  branch?: string;
  tag?: { name: string; sha: string };
  /** The files of the branch's new commit (null deletes one). */
  files?: Record<string, string | null>;
  /** A deleted branch: no commit, `deleted: true`. */
  deleted?: boolean;
  forced?: boolean;
  /** The payload lists this many commits (GitHub's cap is 2048), none with its files: a list cut short. */
  padCommits?: number;
}

/**
 * A push webhook as GitHub sends it, after writing the branch's new commit to the double: `before` and
 * `after`, the commit with the files it added, modified and removed, the pusher as sender.
 */
export function pushEvent(github: GitHubDouble, r: EventRepository, spec: PushSpec): { payload: Record<string, unknown>; sha: string; before: string } {
  const common = { repository: repositoryPayload(r), sender: person(spec.pusher), pusher: { name: spec.pusher, email: `${spec.pusher}@example.com` }, installation: { id: r.installationId }, base_ref: null, compare: '' };
  if (spec.tag) {
    const tagObject = randomBytes(20).toString('hex');
    return { payload: { ...common, ref: `refs/tags/${spec.tag.name}`, before: ZERO, after: tagObject, created: true, deleted: false, forced: false, commits: [], head_commit: { id: spec.tag.sha } }, sha: spec.tag.sha, before: ZERO };
  }
  const branch = spec.branch!;
  const repo = github.repository(r.fullName)!;
  const previous = repo.branches.get(branch)?.at(-1)?.sha;
  if (spec.deleted) {
    return { payload: { ...common, ref: `refs/heads/${branch}`, before: previous ?? ZERO, after: ZERO, created: false, deleted: true, forced: false, commits: [], head_commit: null }, sha: ZERO, before: previous ?? ZERO };
  }
  const was = github.filesAt(r.fullName, previous ?? repo.defaultBranch) ?? {};
  const files = spec.files ?? {};
  const sha = github.commit(r.fullName, branch, { author: spec.pusher, files });
  const changed = Object.entries(files);
  const commit = {
    id: sha,
    message: 'a change',
    author: { name: spec.pusher, email: `${spec.pusher}@example.com`, username: spec.pusher },
    added: changed.filter(([p, t]) => t !== null && !(p in was)).map(([p]) => p),
    modified: changed.filter(([p, t]) => t !== null && p in was).map(([p]) => p),
    removed: changed.filter(([, t]) => t === null).map(([p]) => p),
  };
  const padding = Array.from({ length: Math.max(0, (spec.padCommits ?? 0) - 1) }, () => ({ id: randomBytes(20).toString('hex'), message: 'earlier', added: [], modified: [], removed: [] }));
  const commits = spec.padCommits ? [...padding, { ...commit, added: [], modified: [], removed: [] }] : [commit];
  return {
    payload: { ...common, ref: `refs/heads/${branch}`, before: previous ?? ZERO, after: sha, created: previous === undefined, deleted: false, forced: spec.forced ?? false, commits, head_commit: commit },
    sha,
    before: previous ?? ZERO,
  };
}

export interface PullRequestSpec {
  action: 'opened' | 'synchronize' | 'reopened' | 'closed';
  number: number;
  head: string;
  headRef: string;
  author: string;
  /** Who acted (default: the author). */
  sender?: string;
  /** `owner/name` of a fork the head comes from. */
  fork?: string;
  base?: string;
  /** synchronize: the head replaced. */
  before?: string;
  merged?: boolean;
}

/**
 * A pull_request webhook as GitHub sends it; the double's pull request is set to match (its head, its
 * state), as GitHub's would be by the time the App asks.
 */
export function pullRequestEvent(github: GitHubDouble, r: EventRepository, spec: PullRequestSpec): Record<string, unknown> {
  const headRepository = spec.fork ?? r.fullName;
  const base = spec.base ?? r.defaultBranch ?? 'main';
  const state = spec.action === 'closed' ? 'closed' : 'open';
  github.addPullRequest(r.fullName, { number: spec.number, head: spec.head, headRef: spec.headRef, headRepository, base, author: spec.author, state });
  const [forkOwner] = headRepository.split('/');
  return {
    action: spec.action,
    number: spec.number,
    ...(spec.before ? { before: spec.before, after: spec.head } : {}),
    pull_request: {
      number: spec.number,
      state,
      merged: spec.merged ?? false,
      user: person(spec.author),
      head: { sha: spec.head, ref: spec.headRef, label: `${forkOwner}:${spec.headRef}`, repo: { ...repositoryPayload({ ...r, fullName: headRepository }), fork: headRepository !== r.fullName } },
      base: { sha: github.repository(r.fullName)!.branches.get(base)?.at(-1)?.sha ?? ZERO, ref: base, repo: repositoryPayload(r) },
    },
    repository: repositoryPayload(r),
    sender: person(spec.sender ?? spec.author),
    installation: { id: r.installationId },
  };
}
