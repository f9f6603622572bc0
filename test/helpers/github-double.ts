import http from 'node:http';
import type { AddressInfo } from 'node:net';
import type { RecordedRequest, Route, RouteAnswer } from './github-double/core.js';
import { NOT_FOUND } from './github-double/core.js';
import { app, type AppApi } from './github-double/app.js';
import { hooks, type HooksApi } from './github-double/hooks.js';
import { issues, type IssuesApi } from './github-double/issues.js';
import { checks, type ChecksApi } from './github-double/checks.js';
import { commitComments, type CommitCommentsApi } from './github-double/commit-comments.js';
import { pulls, type PullsApi } from './github-double/pulls.js';
import { people, type PeopleApi } from './github-double/people.js';
import { repositories, type RepositoriesApi } from './github-double/repositories.js';
import { tarballs, type TarballsApi } from './github-double/tarballs.js';
import { faults, type FaultsApi } from './github-double/faults.js';

export type { RecordedRequest } from './github-double/core.js';
export type { HeldRequests } from './github-double/faults.js';
export type { CommitSpec, RepositorySpec } from './github-double/repositories.js';

/**
 * A GitHub REST API double on 127.0.0.1 (random port) for the endpoints Image Factory uses, one feature per
 * file in github-double/ (repositories, commits and contents; teams, memberships, permissions and tokens;
 * ...). Every request is recorded so tests can assert what was asked, and what was not (a pull request's
 * head). Paths are served at the root (api.github.com) and under /api/v3 (GitHub Enterprise Server, where
 * GHE_HOST points).
 */
export type GitHubDouble = RepositoriesApi &
  PeopleApi &
  AppApi &
  ChecksApi &
  HooksApi &
  IssuesApi &
  PullsApi &
  CommitCommentsApi &
  TarballsApi &
  FaultsApi & {
    url: string;
    /** The API root as GitHub Enterprise Server serves it: what GHE_HOST and GHE_PROTOCOL name. */
    gheHost: string;
    requests: RecordedRequest[];
    /** Requests whose path ends with `suffix` (and, optionally, that carry `query`). */
    requestsTo(suffix: string, query?: Record<string, string>): RecordedRequest[];
    close(): Promise<void>;
  };

async function readBody(req: http.IncomingMessage): Promise<unknown> {
  const chunks: Buffer[] = [];
  for await (const c of req) chunks.push(c as Buffer);
  const text = Buffer.concat(chunks).toString('utf8');
  if (text === '') return undefined;
  try {
    return JSON.parse(text) as unknown;
  } catch {
    return text;
  }
}

export async function startGitHubDouble(): Promise<GitHubDouble> {
  const repos = repositories();
  const folks = people();
  const theApp = app();
  const checkRuns = checks(theApp.api);
  const tars = tarballs(repos.api, theApp.api);
  const webhooks = hooks();
  const comments = issues(repos.api, theApp.api);
  const pullFiles = pulls(repos.api, theApp.api, comments.api);
  const onCommits = commitComments(repos.api, theApp.api);
  const misbehaving = faults();
  const routes: Route[] = [...repos.routes, ...folks.routes, ...theApp.routes, ...checkRuns.routes, ...tars.routes, ...webhooks.routes, ...comments.routes, ...pullFiles.routes, ...onCommits.routes];
  const requests: RecordedRequest[] = [];
  let url = '';

  const server = http.createServer((req, res) => {
    void (async () => {
      const parsed = new URL(req.url ?? '/', 'http://127.0.0.1');
      const path = decodeURIComponent(parsed.pathname).replace(/^\/api\/v3(?=\/)/, '');
      const query = Object.fromEntries(parsed.searchParams);
      const method = req.method ?? 'GET';
      const body = method === 'GET' || method === 'HEAD' ? undefined : await readBody(req);
      requests.push({ method, path, query, authorization: req.headers.authorization, ...(body === undefined ? {} : { body }) });
      const fault = await misbehaving.before(method, path);
      let answer: RouteAnswer = fault ?? [404, NOT_FOUND];
      for (const route of fault ? [] : routes) {
        const match = route.method === method ? route.pattern.exec(path) : null;
        if (match) {
          answer = await route.handle({ match, query, body, headers: req.headers, url });
          break;
        }
      }
      if (Array.isArray(answer)) {
        res.writeHead(answer[0], { 'content-type': 'application/json; charset=utf-8' });
        res.end(answer[1] === undefined ? '' : JSON.stringify(answer[1]));
      } else {
        res.writeHead(answer.status, answer.headers ?? {});
        res.end(answer.raw ?? '');
      }
    })().catch((err: unknown) => {
      res.writeHead(500, { 'content-type': 'application/json' });
      res.end(JSON.stringify({ message: `github double: ${(err as Error).message}` }));
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  url = `http://127.0.0.1:${port}`;

  return {
    ...repos.api,
    ...folks.api,
    ...theApp.api,
    ...checkRuns.api,
    ...tars.api,
    ...webhooks.api,
    ...comments.api,
    ...pullFiles.api,
    ...onCommits.api,
    ...misbehaving.api,
    url,
    gheHost: `127.0.0.1:${port}`,
    requests,
    requestsTo(suffix, q = {}) {
      return requests.filter((r) => r.path.endsWith(suffix) && Object.entries(q).every(([k, v]) => r.query[k] === v));
    },
    close: () =>
      new Promise<void>((resolve, reject) => {
        server.close((err) => (err ? reject(err) : resolve()));
        server.closeAllConnections(); // clients keep connections alive
      }),
  };
}
