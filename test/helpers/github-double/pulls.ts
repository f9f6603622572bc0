import type { AppApi } from './app.js';
import { NOT_FOUND, type Feature } from './core.js';
import type { IssuesApi } from './issues.js';
import type { RepositoriesApi } from './repositories.js';
import { gateRefused, repositoryGate } from './repository-gate.js';

/** GitHub's caps: files listed by a comparison, and by a pull request. */
const COMPARE_FILES = 300;
const PULL_FILES = 3000;

export interface PullsApi {
  /** From now on every comparison lists `count` made-up files more than it changed (a list GitHub cuts short), until called with 0. */
  padComparisons(count: number): void;
}

interface FileChange {
  filename: string;
  status: 'added' | 'removed' | 'modified';
}

/**
 * A pull request's changed files (GET /repos/{o}/{r}/pulls/{n}/files, paginated, at most 3000) and a
 * comparison of two commits (GET /repos/{o}/{r}/compare/{base}...{head}, at most 300 files): both the
 * difference between the head's tree and the tree where it left the base (their merge base), as GitHub
 * computes them, for an installation token of the repository's owner only.
 */
export function pulls(repos: RepositoriesApi, app: AppApi, issues: Pick<IssuesApi, 'pullRequest'>): Feature<PullsApi> {
  const gate = repositoryGate(repos, app);
  let padding = 0;

  /** The files that differ between the merge base of `base` and `head`, and `head`; undefined when either is unknown. */
  function diff(fullName: string, base: string, head: string): { changes: FileChange[]; commits: string[] } | undefined {
    const baseLine = repos.commitsAt(fullName, base);
    const headLine = repos.commitsAt(fullName, head);
    if (!baseLine || !headLine) return undefined;
    let common = 0;
    while (common < baseLine.length && common < headLine.length && baseLine[common] === headLine[common]) common += 1;
    const before = common === 0 ? {} : { ...repos.filesAt(fullName, baseLine[common - 1]), ...prefixed(repos.linksAt(fullName, baseLine[common - 1])) };
    const after = { ...repos.filesAt(fullName, head), ...prefixed(repos.linksAt(fullName, head)) };
    const changes: FileChange[] = [];
    for (const path of [...new Set([...Object.keys(before), ...Object.keys(after)])].sort()) {
      const [a, b] = [before[path], after[path]];
      if (a === b) continue;
      changes.push({ filename: path, status: a === undefined ? 'added' : b === undefined ? 'removed' : 'modified' });
    }
    return { changes, commits: headLine.slice(common) };
  }
  const prefixed = (links: Record<string, string> | undefined) => Object.fromEntries(Object.entries(links ?? {}).map(([p, t]) => [p, `link:${t}`]));
  const view = (c: FileChange) => ({ filename: c.filename, status: c.status, additions: 0, deletions: 0, changes: 0 });

  return {
    api: { padComparisons: (count) => void (padding = count) },
    routes: [
      {
        method: 'GET',
        pattern: /^\/repos\/([^/]+)\/([^/]+)\/pulls\/(\d+)\/files$/,
        handle: (ctx) => {
          const g = gate(ctx);
          if (gateRefused(g)) return g;
          const pr = issues.pullRequest(g.fullName, Number(ctx.match[3]));
          const base = pr && (pr.base ?? repos.repository(g.fullName)!.defaultBranch);
          const found = pr && diff(g.fullName, base!, pr.head);
          if (!found) return [404, NOT_FOUND];
          const perPage = Math.min(100, Number(ctx.query.per_page ?? 30));
          const page = Math.max(1, Number(ctx.query.page ?? 1));
          const listed = found.changes.slice(0, PULL_FILES);
          return [200, listed.slice((page - 1) * perPage, page * perPage).map(view)];
        },
      },
      {
        method: 'GET',
        pattern: /^\/repos\/([^/]+)\/([^/]+)\/compare\/(.+?)\.\.\.(.+)$/,
        handle: (ctx) => {
          const g = gate(ctx);
          if (gateRefused(g)) return g;
          const found = diff(g.fullName, ctx.match[3], ctx.match[4]);
          if (!found) return [404, { message: `No common ancestor between ${ctx.match[3]} and ${ctx.match[4]}.`, documentation_url: 'https://docs.github.com/rest/commits/commits' }];
          const padded = [...found.changes, ...Array.from({ length: padding }, (_, i): FileChange => ({ filename: `padding/${i}.txt`, status: 'added' }))];
          return [200, { status: found.commits.length > 0 ? 'ahead' : 'identical', ahead_by: found.commits.length, total_commits: found.commits.length, commits: found.commits.map((sha) => ({ sha })), files: padded.slice(0, COMPARE_FILES).map(view) }];
        },
      },
    ],
  };
}
