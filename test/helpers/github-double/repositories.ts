import { createHash } from 'node:crypto';
import { lower, NOT_FOUND, type Feature } from './core.js';

interface Commit {
  sha: string;
  /** The GitHub login the author's email is linked to, or null when linked to none. */
  author: string | null;
  message: string;
  /** Files this commit writes (text) or deletes (null). */
  changes: Record<string, string | null>;
  /** Symbolic links this commit writes (path -> target) or deletes (null). */
  links: Record<string, string | null>;
}

export interface Repo {
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
  /** Symbolic links (path -> target, kept as written: `../x`, `/etc/passwd`), or null to delete one. */
  links?: Record<string, string | null>;
  message?: string;
}

export interface RepositoriesApi {
  addRepository(spec: RepositorySpec): void;
  /** Adds a commit on a branch (created from the default branch's head when new); returns its sha. */
  commit(fullName: string, branch: string, spec: CommitSpec): string;
  /** Every file of a repository at a branch or commit, as text (what a tarball of it holds). */
  filesAt(fullName: string, ref: string): Record<string, string> | undefined;
  /** Every symbolic link of a repository at a branch or commit (path -> target). */
  linksAt(fullName: string, ref: string): Record<string, string> | undefined;
  /** The shas of the commits reachable from a branch or a commit, oldest first. */
  commitsAt(fullName: string, ref: string): string[] | undefined;
  repository(fullName: string): Repo | undefined;
}

/** Repositories, their branches as lines of commits, commits by path, and file contents at a ref (base64). */
export function repositories(): Feature<RepositoriesApi> {
  const repos = new Map<string, Repo>();
  let counter = 0;
  const repoOf = (owner: string, name: string) => repos.get(lower(owner, name));

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

  /** The tree at the end of `commits`: a file written over a link replaces it, and the other way round. */
  function treeAt(commits: Commit[]): { files: Record<string, string>; links: Record<string, string> } {
    const files: Record<string, string> = {};
    const links: Record<string, string> = {};
    for (const c of commits) {
      for (const [path, text] of Object.entries(c.changes)) {
        delete links[path];
        if (text === null) delete files[path];
        else files[path] = text;
      }
      for (const [path, target] of Object.entries(c.links)) {
        delete files[path];
        if (target === null) delete links[path];
        else links[path] = target;
      }
    }
    return { files, links };
  }

  const treeOf = (fullName: string, ref: string) => {
    const [owner, name] = fullName.split('/');
    const repo = repoOf(owner, name);
    const commits = repo && history(repo, ref);
    return commits && treeAt(commits);
  };

  const fileAt = (commits: Commit[], path: string): string | undefined => treeAt(commits).files[path];

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

  const api: RepositoriesApi = {
    addRepository(spec) {
      const [owner, name] = spec.fullName.split('/');
      const defaultBranch = spec.defaultBranch ?? 'main';
      repos.set(lower(owner, name), { owner: { login: owner, id: spec.ownerId, type: spec.ownerType ?? 'Organization' }, name, defaultBranch, branches: new Map([[defaultBranch, []]]) });
    },
    commit(fullName, branch, spec) {
      const [owner, name] = fullName.split('/');
      const repo = repoOf(owner, name);
      if (!repo) throw new Error(`github double: no repository ${fullName}`);
      if (!repo.branches.has(branch)) repo.branches.set(branch, [...repo.branches.get(repo.defaultBranch)!]);
      counter += 1;
      const sha = createHash('sha1').update(`${fullName}:${branch}:${counter}`).digest('hex');
      repo.branches.get(branch)!.push({ sha, author: spec.author, message: spec.message ?? `commit ${counter}`, changes: { ...spec.files }, links: { ...spec.links } });
      return sha;
    },
    filesAt: (fullName, ref) => treeOf(fullName, ref)?.files,
    linksAt: (fullName, ref) => treeOf(fullName, ref)?.links,
    commitsAt(fullName, ref) {
      const [owner, name] = fullName.split('/');
      const repo = repoOf(owner, name);
      return repo && history(repo, ref)?.map((c) => c.sha);
    },
    repository(fullName) {
      const [owner, name] = fullName.split('/');
      return repoOf(owner, name);
    },
  };

  return {
    api,
    routes: [
      {
        method: 'GET',
        pattern: /^\/repos\/([^/]+)\/([^/]+)$/,
        handle: ({ match }) => {
          const repo = repoOf(match[1], match[2]);
          if (!repo) return [404, NOT_FOUND];
          return [200, { id: 1, name: repo.name, full_name: `${repo.owner.login}/${repo.name}`, private: true, default_branch: repo.defaultBranch, owner: { ...repo.owner } }];
        },
      },
      {
        method: 'GET',
        pattern: /^\/repos\/([^/]+)\/([^/]+)\/commits$/,
        handle: ({ match, query }) => {
          const repo = repoOf(match[1], match[2]);
          const commits = repo && history(repo, query.sha ?? repo.defaultBranch);
          if (!repo || !commits) return [404, NOT_FOUND];
          const touching = [...commits].reverse().filter((c) => query.path === undefined || Object.hasOwn(c.changes, query.path));
          return [200, touching.slice(0, Number(query.per_page ?? 30)).map((c) => commitJson(repo, c))];
        },
      },
      {
        method: 'GET',
        pattern: /^\/repos\/([^/]+)\/([^/]+)\/contents\/(.+)$/,
        handle: ({ match, query }) => {
          const repo = repoOf(match[1], match[2]);
          const commits = repo && history(repo, query.ref ?? repo.defaultBranch);
          const text = commits && fileAt(commits, match[3]);
          if (text === undefined) return [404, NOT_FOUND];
          const content = Buffer.from(text).toString('base64').replace(/.{60}/g, '$&\n');
          const sha = createHash('sha1').update(`blob ${Buffer.byteLength(text)}\0${text}`).digest('hex');
          return [200, { type: 'file', encoding: 'base64', size: Buffer.byteLength(text), name: match[3].split('/').pop(), path: match[3], sha, content }];
        },
      },
    ],
  };
}
