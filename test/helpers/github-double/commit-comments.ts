import type { AppApi } from './app.js';
import type { Feature } from './core.js';
import type { RepositoriesApi } from './repositories.js';
import { gateRefused, repositoryGate } from './repository-gate.js';

/** A comment the App posted on a commit. */
export interface CommitComment {
  id: number;
  /** `owner/name`. */
  repository: string;
  sha: string;
  body: string;
  installationId: number;
}

export interface CommitCommentsApi {
  /** The comments the App posted on commits, oldest first; optionally those of one repository or commit. */
  commitComments(filter?: { repository?: string; sha?: string }): CommitComment[];
}

/** Comments on commits (POST /repos/{o}/{r}/commits/{sha}/comments), for an installation token of the repository's owner, on a commit it has. */
export function commitComments(repos: RepositoriesApi, app: AppApi): Feature<CommitCommentsApi> {
  const gate = repositoryGate(repos, app);
  const posted: CommitComment[] = [];
  let nextId = 8_000_001;
  return {
    api: {
      commitComments: (f = {}) => posted.filter((c) => (!f.repository || c.repository.toLowerCase() === f.repository.toLowerCase()) && (!f.sha || c.sha === f.sha)).map((c) => ({ ...c })),
    },
    routes: [
      {
        method: 'POST',
        pattern: /^\/repos\/([^/]+)\/([^/]+)\/commits\/([0-9a-f]{40})\/comments$/,
        handle: (ctx) => {
          const g = gate(ctx);
          if (gateRefused(g)) return g;
          if (!repos.filesAt(g.fullName, ctx.match[3])) return [422, { message: 'No commit found for SHA: ' + ctx.match[3], documentation_url: 'https://docs.github.com/rest/commits/comments' }];
          const body = (ctx.body as { body?: unknown } | undefined)?.body;
          if (typeof body !== 'string' || body === '') return [422, { message: 'Validation Failed', errors: [{ resource: 'CommitComment', code: 'missing_field', field: 'body' }] }];
          const comment = { id: nextId++, repository: g.fullName, sha: ctx.match[3], body, installationId: g.installationId };
          posted.push(comment);
          return [201, { id: comment.id, body, commit_id: comment.sha, user: { login: 'imagefactory[bot]', type: 'Bot' } }];
        },
      },
    ],
  };
}
