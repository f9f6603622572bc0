import type { AppApi } from './app.js';
import { lower, NOT_FOUND, type Feature } from './core.js';
import type { RepositoriesApi } from './repositories.js';
import { gateRefused, repositoryGate } from './repository-gate.js';

/** GitHub's reactions (REST API "Reactions"). */
const REACTIONS = ['+1', '-1', 'laugh', 'confused', 'heart', 'hooray', 'rocket', 'eyes'];

export interface PullRequestSpec {
  number: number;
  /** The head commit's sha. */
  head: string;
  /** The head branch (default `pr-<number>`). */
  headRef?: string;
  /** `owner/name` of the head's repository: a fork's for a pull request from a fork (default: the repository itself). */
  headRepository?: string;
  /** The base branch (default: the repository's default branch). */
  base?: string;
  author: string;
  state?: 'open' | 'closed';
}

/** A comment the App posted on an issue or a pull request. */
export interface PostedComment {
  id: number;
  /** `owner/name`. */
  repository: string;
  issue: number;
  body: string;
  installationId: number;
}

/** A reaction the App put on a comment. */
export interface PostedReaction {
  id: number;
  repository: string;
  commentId: number;
  content: string;
  installationId: number;
}

export interface IssuesApi {
  /** Adds (or replaces: a new head) a pull request of a repository the double has. */
  addPullRequest(fullName: string, spec: PullRequestSpec): void;
  /** A pull request added, as it is now. */
  pullRequest(fullName: string, number: number): PullRequestSpec | undefined;
  /** The comments the App posted, oldest first; optionally those of one repository or issue. */
  issueComments(filter?: { repository?: string; issue?: number }): PostedComment[];
  /** The reactions the App put on comments, oldest first (one per comment and content, as GitHub keeps them). */
  reactions(filter?: { repository?: string; commentId?: number }): PostedReaction[];
}

/** The App's bot account, as comments show their author. */
const APP_USER = { login: 'imagefactory[bot]', id: 9_000_001, type: 'Bot' };

/**
 * Pull requests (GET /repos/{o}/{r}/pulls/{n}), branch heads (GET /repos/{o}/{r}/branches/{branch}),
 * comments on issues and pull requests (POST /repos/{o}/{r}/issues/{n}/comments) and reactions on comments
 * (POST /repos/{o}/{r}/issues/comments/{id}/reactions), for an installation token of the repository's
 * owner only (anyone else gets 404, as for a private repository). A second reaction of the same content
 * on the same comment is answered 200 with the first, as GitHub does.
 */
export function issues(repos: RepositoriesApi, app: AppApi): Feature<IssuesApi> {
  const pulls = new Map<string, PullRequestSpec>();
  const comments: PostedComment[] = [];
  const reactions: PostedReaction[] = [];
  let nextComment = 5_000_001;
  let nextReaction = 6_000_001;

  const gate = repositoryGate(repos, app);

  return {
    api: {
      addPullRequest(fullName, spec) {
        if (!repos.repository(fullName)) throw new Error(`github double: no repository ${fullName}`);
        pulls.set(`${fullName.toLowerCase()}#${spec.number}`, spec);
      },
      pullRequest: (fullName, number) => pulls.get(`${fullName.toLowerCase()}#${number}`),
      issueComments: (f = {}) => comments.filter((c) => (!f.repository || c.repository.toLowerCase() === f.repository.toLowerCase()) && (f.issue === undefined || c.issue === f.issue)).map((c) => ({ ...c })),
      reactions: (f = {}) => reactions.filter((r) => (!f.repository || r.repository.toLowerCase() === f.repository.toLowerCase()) && (f.commentId === undefined || r.commentId === f.commentId)).map((r) => ({ ...r })),
    },
    routes: [
      {
        method: 'GET',
        pattern: /^\/repos\/([^/]+)\/([^/]+)\/pulls\/(\d+)$/,
        handle: (ctx) => {
          const g = gate(ctx);
          if (gateRefused(g)) return g;
          const pr = pulls.get(`${lower(ctx.match[1], ctx.match[2])}#${Number(ctx.match[3])}`);
          if (!pr) return [404, NOT_FOUND];
          const repo = repos.repository(g.fullName)!;
          const headRepo = pr.headRepository ?? g.fullName;
          return [
            200,
            {
              number: pr.number,
              state: pr.state ?? 'open',
              user: { login: pr.author, type: 'User' },
              head: { sha: pr.head, ref: pr.headRef ?? `pr-${pr.number}`, repo: { full_name: headRepo, fork: headRepo.toLowerCase() !== g.fullName.toLowerCase() } },
              base: { ref: pr.base ?? repo.defaultBranch, repo: { full_name: g.fullName } },
            },
          ];
        },
      },
      {
        method: 'GET',
        pattern: /^\/repos\/([^/]+)\/([^/]+)\/branches\/(.+)$/,
        handle: (ctx) => {
          const g = gate(ctx);
          if (gateRefused(g)) return g;
          const head = repos.repository(g.fullName)!.branches.get(ctx.match[3])?.at(-1);
          return head ? [200, { name: ctx.match[3], commit: { sha: head.sha }, protected: false }] : [404, { message: 'Branch not found', documentation_url: 'https://docs.github.com/rest/branches/branches' }];
        },
      },
      {
        method: 'POST',
        pattern: /^\/repos\/([^/]+)\/([^/]+)\/issues\/(\d+)\/comments$/,
        handle: (ctx) => {
          const g = gate(ctx);
          if (gateRefused(g)) return g;
          const body = (ctx.body as { body?: unknown } | undefined)?.body;
          if (typeof body !== 'string' || body === '') return [422, { message: 'Validation Failed', errors: [{ resource: 'IssueComment', code: 'missing_field', field: 'body' }] }];
          const comment = { id: nextComment++, repository: g.fullName, issue: Number(ctx.match[3]), body, installationId: g.installationId };
          comments.push(comment);
          return [201, { id: comment.id, body, user: APP_USER, html_url: `https://github.com/${g.fullName}/issues/${comment.issue}#issuecomment-${comment.id}` }];
        },
      },
      {
        method: 'POST',
        pattern: /^\/repos\/([^/]+)\/([^/]+)\/issues\/comments\/(\d+)\/reactions$/,
        handle: (ctx) => {
          const g = gate(ctx);
          if (gateRefused(g)) return g;
          const content = (ctx.body as { content?: unknown } | undefined)?.content;
          if (typeof content !== 'string' || !REACTIONS.includes(content)) return [422, { message: 'Validation Failed', errors: [{ resource: 'Reaction', code: 'invalid', field: 'content' }] }];
          const commentId = Number(ctx.match[3]);
          const existing = reactions.find((r) => r.commentId === commentId && r.content === content && r.installationId === g.installationId && r.repository === g.fullName);
          if (existing) return [200, { id: existing.id, content, user: APP_USER }];
          const reaction = { id: nextReaction++, repository: g.fullName, commentId, content, installationId: g.installationId };
          reactions.push(reaction);
          return [201, { id: reaction.id, content, user: APP_USER }];
        },
      },
    ],
  };
}
