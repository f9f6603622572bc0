import { randomBytes } from 'node:crypto';
import { promisify } from 'node:util';
import { gzip } from 'node:zlib';
import tarStream from 'tar-stream';
import { NOT_FOUND, type Feature, type RouteContext } from './core.js';
import type { AppApi } from './app.js';
import type { RepositoriesApi } from './repositories.js';

export interface TarballsApi {
  /**
   * Holds every codeload answer until the returned function is called (a download that has begun and not
   * ended, to cancel a build in the middle of it).
   */
  holdTarballs(): () => void;
}

/** Where the API's redirect sends a download: the double's stand-in for codeload.github.com. */
const CODELOAD = '/_codeload';

/** GitHub's top folder in a commit's tarball: `owner-repo-<7 hex of the sha>`. */
export const tarballTopFolder = (owner: string, repo: string, sha: string) => `${owner}-${repo}-${sha.slice(0, 7)}`;

/** A `.tar.gz` of the files and links, under `top/`, with a directory entry for every folder, as GitHub builds it. */
async function tarGz(top: string, files: Record<string, string>, links: Record<string, string>): Promise<Buffer> {
  const pack = tarStream.pack();
  const mtime = new Date('2024-05-01T12:00:00Z');
  const dirs = new Set<string>();
  for (const path of [...Object.keys(files), ...Object.keys(links)]) {
    const parts = path.split('/').slice(0, -1);
    parts.forEach((_, i) => dirs.add(parts.slice(0, i + 1).join('/')));
  }
  const chunks: Buffer[] = [];
  pack.on('data', (c) => chunks.push(c as Buffer));
  const done = new Promise<void>((resolve, reject) => {
    pack.on('end', resolve);
    pack.on('error', reject);
  });
  pack.entry({ name: `${top}/`, type: 'directory', mode: 0o775, mtime });
  for (const dir of [...dirs].sort()) pack.entry({ name: `${top}/${dir}/`, type: 'directory', mode: 0o775, mtime });
  for (const [path, text] of Object.entries(files).sort()) pack.entry({ name: `${top}/${path}`, mode: 0o664, mtime }, text);
  for (const [path, target] of Object.entries(links).sort()) pack.entry({ name: `${top}/${path}`, type: 'symlink', linkname: target, mode: 0o777, mtime });
  pack.finalize();
  await done;
  return promisify(gzip)(Buffer.concat(chunks));
}

/**
 * A commit's tarball as GitHub serves it: `GET /repos/{owner}/{repo}/tarball/{ref}` answers 302 to a
 * one-time codeload URL (its own token in the query, so the download needs no Authorization), which serves
 * the `.tar.gz`. Only an installation token of the repository's owner may ask; anyone else gets 404, as on
 * GitHub for a private repository.
 */
export function tarballs(repos: RepositoriesApi, app: AppApi): Feature<TarballsApi> {
  const downloads = new Map<string, { fullName: string; ref: string; expires: number }>();
  let held: Promise<void> | undefined;

  function mayRead(ctx: RouteContext, fullName: string): boolean {
    const installationId = app.installationOf(ctx.headers.authorization);
    const account = installationId === undefined ? undefined : app.installation(installationId)?.account;
    return account !== undefined && account.id === repos.repository(fullName)?.owner.id;
  }

  return {
    api: {
      holdTarballs() {
        let release!: () => void;
        held = new Promise((resolve) => (release = resolve));
        return () => {
          held = undefined;
          release();
        };
      },
    },
    routes: [
      {
        method: 'GET',
        pattern: /^\/repos\/([^/]+)\/([^/]+)\/tarball\/(.+)$/,
        handle: (ctx) => {
          const [, owner, name, ref] = ctx.match;
          const fullName = `${owner}/${name}`;
          if (!mayRead(ctx, fullName) || !repos.filesAt(fullName, ref)) return [404, NOT_FOUND];
          const token = randomBytes(16).toString('hex');
          downloads.set(token, { fullName, ref, expires: Date.now() + 5 * 60_000 });
          return { status: 302, headers: { location: `${ctx.url}${CODELOAD}/${owner}/${name}/legacy.tar.gz/${ref}?token=${token}` } };
        },
      },
      {
        method: 'GET',
        pattern: new RegExp(`^${CODELOAD}/([^/]+)/([^/]+)/legacy\\.tar\\.gz/(.+)$`),
        handle: async (ctx) => {
          const [, owner, name, ref] = ctx.match;
          const grant = downloads.get(ctx.query.token ?? '');
          if (!grant || grant.expires < Date.now() || grant.fullName !== `${owner}/${name}` || grant.ref !== ref) return [404, NOT_FOUND];
          downloads.delete(ctx.query.token);
          await held;
          const repo = repos.repository(grant.fullName)!;
          const top = tarballTopFolder(repo.owner.login, repo.name, repo.branches.get(ref)?.at(-1)?.sha ?? ref);
          const body = await tarGz(top, repos.filesAt(grant.fullName, ref)!, repos.linksAt(grant.fullName, ref)!);
          const file = `${top}.tar.gz`;
          return { status: 200, headers: { 'content-type': 'application/x-gzip', 'content-disposition': `attachment; filename=${file}`, 'content-length': String(body.length) }, raw: body };
        },
      },
    ],
  };
}
