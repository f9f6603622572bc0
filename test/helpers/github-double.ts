import { createHash } from 'node:crypto';
import http from 'node:http';
import type { AddressInfo } from 'node:net';

/**
 * A GitHub REST API double on 127.0.0.1 (random port) for the endpoints Image Factory reads: repositories,
 * commits by path, file contents at a ref (base64), team and organization memberships, collaborator
 * permissions. Each branch is a line of commits; every request is recorded so tests can assert what was
 * asked (and what was not: a pull request's head).
 */

export interface RecordedRequest {
  method: string;
  /** The decoded path, e.g. `/repos/acme/api/contents/.imagefactory.yml`. */
  path: string;
  query: Record<string, string>;
  authorization: string | undefined;
}

interface Commit {
  sha: string;
  /** The GitHub login the author's email is linked to, or null when linked to none. */
  author: string | null;
  message: string;
  /** Files this commit writes (text) or deletes (null). */
  changes: Record<string, string | null>;
}

interface Repo {
  owner: { login: string; id: number; type: 'Organization' | 'User' };
  name: string;
  defaultBranch: string;
  branches: Map<string, Commit[]>;
}

export interface RepositorySpec {
  /** `owner/name`. */
  fullName: string;
  ownerId: number;
  ownerType?: 'Organization' | 'User';
  defaultBranch?: string;
}

export interface CommitSpec {
  author: string | null;
  files: Record<string, string | null>;
  message?: string;
}

export interface GitHubDouble {
  url: string;
  requests: RecordedRequest[];
  addRepository(spec: RepositorySpec): void;
  /** Adds a commit on a branch (created from the default branch's head when new); returns its sha. */
  commit(fullName: string, branch: string, spec: CommitSpec): string;
  /** Active team members, e.g. setTeam('acme', 'leads', ['alice']). */
  setTeam(org: string, slug: string, members: string[]): void;
  setOrgMember(org: string, login: string, role: 'admin' | 'member'): void;
  setPermission(fullName: string, login: string, permission: 'admin' | 'write' | 'read'): void;
  /** A token GitHub accepts as `Authorization: token ...` or `Bearer ...`, and the login GET /user answers for it. */
  setToken(token: string, login: string): void;
  /** Requests whose path ends with `suffix` (and, optionally, that carry `query`). */
  requestsTo(suffix: string, query?: Record<string, string>): RecordedRequest[];
  close(): Promise<void>;
}

const NOT_FOUND = { message: 'Not Found', documentation_url: 'https://docs.github.com/rest' };

export async function startGitHubDouble(): Promise<GitHubDouble> {
  const repos = new Map<string, Repo>();
  const teams = new Map<string, Set<string>>();
  const orgMembers = new Map<string, 'admin' | 'member'>();
  const permissions = new Map<string, string>();
  const tokens = new Map<string, string>();
  const requests: RecordedRequest[] = [];
  let counter = 0;
  const key = (...parts: string[]) => parts.join('/').toLowerCase();

  const repoOf = (owner: string, name: string) => repos.get(key(owner, name));

  /** The commits reachable from a branch name or a commit sha, oldest first. */
  function history(repo: Repo, ref: string): Commit[] | undefined {
    const branch = repo.branches.get(ref);
    if (branch) return branch;
    for (const line of repo.branches.values()) {
      const at = line.findIndex((c) => c.sha === ref);
      if (at >= 0) return line.slice(0, at + 1);
    }
    return undefined;
  }

  function fileAt(commits: Commit[], path: string): string | undefined {
    const writer = [...commits].reverse().find((c) => Object.hasOwn(c.changes, path));
    return writer?.changes[path] ?? undefined;
  }

  function commitJson(repo: Repo, c: Commit) {
    const person = { name: c.author ?? 'Someone Unlinked', email: `${c.author ?? 'unlinked'}@example.com`, date: '2024-05-01T12:00:00Z' };
    return {
      sha: c.sha,
      url: `https://api.github.com/repos/${repo.owner.login}/${repo.name}/commits/${c.sha}`,
      commit: { author: person, committer: person, message: c.message },
      author: c.author === null ? null : { login: c.author, id: 1000 + c.author.length, type: 'User' },
      committer: c.author === null ? null : { login: c.author, id: 1000 + c.author.length, type: 'User' },
      parents: [],
    };
  }

  function route(method: string, path: string, query: Record<string, string>, authorization: string | undefined): [number, unknown] {
    if (method !== 'GET') return [404, NOT_FOUND];
    if (path === '/user') {
      const login = tokens.get(authorization?.replace(/^(token|bearer)\s+/i, '') ?? '');
      return login ? [200, { login, id: 2000 + login.length, type: 'User' }] : [401, { message: 'Requires authentication', documentation_url: 'https://docs.github.com/rest' }];
    }
    let m = /^\/repos\/([^/]+)\/([^/]+)$/.exec(path);
    if (m) {
      const repo = repoOf(m[1], m[2]);
      if (!repo) return [404, NOT_FOUND];
      return [200, { id: 1, name: repo.name, full_name: `${repo.owner.login}/${repo.name}`, private: true, default_branch: repo.defaultBranch, owner: { ...repo.owner } }];
    }
    m = /^\/repos\/([^/]+)\/([^/]+)\/commits$/.exec(path);
    if (m) {
      const repo = repoOf(m[1], m[2]);
      const commits = repo && history(repo, query.sha ?? repo.defaultBranch);
      if (!repo || !commits) return [404, NOT_FOUND];
      const touching = [...commits].reverse().filter((c) => query.path === undefined || Object.hasOwn(c.changes, query.path));
      return [200, touching.slice(0, Number(query.per_page ?? 30)).map((c) => commitJson(repo, c))];
    }
    m = /^\/repos\/([^/]+)\/([^/]+)\/contents\/(.+)$/.exec(path);
    if (m) {
      const repo = repoOf(m[1], m[2]);
      const commits = repo && history(repo, query.ref ?? repo.defaultBranch);
      const text = commits && fileAt(commits, m[3]);
      if (text === undefined) return [404, NOT_FOUND];
      const content = Buffer.from(text).toString('base64').replace(/.{60}/g, '$&\n');
      const sha = createHash('sha1').update(`blob ${Buffer.byteLength(text)}\0${text}`).digest('hex');
      return [200, { type: 'file', encoding: 'base64', size: Buffer.byteLength(text), name: m[3].split('/').pop(), path: m[3], sha, content }];
    }
    m = /^\/orgs\/([^/]+)\/teams\/([^/]+)\/memberships\/([^/]+)$/.exec(path);
    if (m) {
      return teams.get(key(m[1], m[2]))?.has(m[3].toLowerCase()) ? [200, { state: 'active', role: 'member', url: `https://api.github.com${path}` }] : [404, NOT_FOUND];
    }
    m = /^\/orgs\/([^/]+)\/memberships\/([^/]+)$/.exec(path);
    if (m) {
      const role = orgMembers.get(key(m[1], m[2]));
      return role ? [200, { state: 'active', role, organization: { login: m[1] }, user: { login: m[2] } }] : [404, NOT_FOUND];
    }
    m = /^\/repos\/([^/]+)\/([^/]+)\/collaborators\/([^/]+)\/permission$/.exec(path);
    if (m) {
      if (!repoOf(m[1], m[2])) return [404, NOT_FOUND];
      const permission = permissions.get(key(m[1], m[2], m[3])) ?? 'none';
      return [200, { permission, role_name: permission, user: { login: m[3] } }];
    }
    return [404, NOT_FOUND];
  }

  const server = http.createServer((req, res) => {
    const url = new URL(req.url ?? '/', 'http://127.0.0.1');
    const path = decodeURIComponent(url.pathname);
    const query = Object.fromEntries(url.searchParams);
    requests.push({ method: req.method ?? 'GET', path, query, authorization: req.headers.authorization });
    const [status, body] = route(req.method ?? 'GET', path, query, req.headers.authorization);
    res.writeHead(status, { 'content-type': 'application/json; charset=utf-8' });
    res.end(JSON.stringify(body));
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;

  return {
    url: `http://127.0.0.1:${port}`,
    requests,
    addRepository(spec) {
      const [owner, name] = spec.fullName.split('/');
      const defaultBranch = spec.defaultBranch ?? 'main';
      repos.set(key(owner, name), { owner: { login: owner, id: spec.ownerId, type: spec.ownerType ?? 'Organization' }, name, defaultBranch, branches: new Map([[defaultBranch, []]]) });
    },
    commit(fullName, branch, spec) {
      const [owner, name] = fullName.split('/');
      const repo = repoOf(owner, name);
      if (!repo) throw new Error(`github double: no repository ${fullName}`);
      if (!repo.branches.has(branch)) repo.branches.set(branch, [...repo.branches.get(repo.defaultBranch)!]);
      counter += 1;
      const sha = createHash('sha1').update(`${fullName}:${branch}:${counter}`).digest('hex');
      repo.branches.get(branch)!.push({ sha, author: spec.author, message: spec.message ?? `commit ${counter}`, changes: { ...spec.files } });
      return sha;
    },
    setTeam(org, slug, members) {
      teams.set(key(org, slug), new Set(members.map((m) => m.toLowerCase())));
    },
    setOrgMember(org, login, role) {
      orgMembers.set(key(org, login), role);
    },
    setPermission(fullName, login, permission) {
      permissions.set(key(fullName, login), permission);
    },
    setToken(token, login) {
      tokens.set(token, login);
    },
    requestsTo(suffix, query = {}) {
      return requests.filter((r) => r.path.endsWith(suffix) && Object.entries(query).every(([k, v]) => r.query[k] === v));
    },
    close: () =>
      new Promise<void>((resolve, reject) => {
        server.close((err) => (err ? reject(err) : resolve()));
        server.closeAllConnections(); // clients keep connections alive
      }),
  };
}
