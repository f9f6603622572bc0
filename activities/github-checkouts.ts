import { createHash } from 'node:crypto';
import fs from 'node:fs/promises';
import path from 'node:path';
import type { ReadableStream } from 'node:stream/web';
import { CancelledFailure } from '@temporalio/activity';
import { installationClient } from '../github/app-client.js';
import { openCommitTarball } from '../github/commit-tarball.js';
import type { GitHubClient } from '../github/github-client.js';
import type { GitHubAppConfig } from '../lib/github-app-config.js';
import { LOCAL_CHECKOUTS, SourceUnavailableError, type SourceCheckouts } from './source-checkout.js';
import { unpackTarball } from './unpack-tarball.js';

export interface GitHubCheckoutsOptions {
  app: GitHubAppConfig;
  /** Where checkouts go: `<root>/<build key>-<attempt>` (the worker's `<dataDir>/checkouts`). */
  root: string;
  /** The most a commit's tarball may hold unpacked (IMAGEFACTORY_SOURCE_MAX_MIB). */
  maxBytes: number;
  /** The client of an installation (default: installationClient, which asks GitHub for its tokens). */
  clientFor?: (installationId: number) => GitHubClient;
}

/** A folder name for a build: its id made safe (`tenant/repo/image@sha` -> `tenant-repo-image-sha`) and a hash, so two ids never share one. */
export function checkoutKey(buildId: string): string {
  const safe = buildId.toLowerCase().replace(/[^a-z0-9_.-]+/g, '-').replace(/^[.-]+/, '').slice(0, 96);
  return `${safe}-${createHash('sha256').update(buildId).digest('hex').slice(0, 8)}`;
}

const mib = (bytes: number) => `${(bytes / 1024 / 1024).toFixed(1)} MiB`;

/**
 * The checkouts of a worker with the GitHub App: a GitHub commit is fetched at its exact sha as the
 * installation's tarball, unpacked into a fresh folder of its own (leftovers of the build's earlier
 * attempts removed first) and removed on release; a local folder is used as it is. A commit GitHub does not
 * have, an installation that is gone, a tarball too big or one that writes outside its folder fail as
 * SourceUnavailableError (retrying will not help); anything else (the network) is thrown for Temporal to
 * retry. The build activity heartbeats throughout; cancelling aborts the download.
 */
export function githubCheckouts(opts: GitHubCheckoutsOptions): SourceCheckouts {
  const clientFor = opts.clientFor ?? ((id: number) => installationClient(opts.app, id));
  return {
    async checkout(source, buildId, signal, attempt = 1) {
      if (source.kind === 'local') return LOCAL_CHECKOUTS.checkout(source, buildId, signal, attempt);
      const what = `${source.owner}/${source.repo}@${source.sha}`;
      const key = checkoutKey(buildId);
      const dir = path.join(opts.root, `${key}-${attempt}`);
      await removeEarlierAttempts(opts.root, key, attempt);
      await fs.rm(dir, { recursive: true, force: true });
      await fs.mkdir(dir, { recursive: true, mode: 0o700 });
      const release = () => fs.rm(dir, { recursive: true, force: true });
      const started = Date.now();
      try {
        const tarball = await openCommitTarball(clientFor(source.installationId), source.installationId, source, signal);
        if (!tarball.ok) throw new SourceUnavailableError(tarball.reason);
        if (tarball.size !== undefined && tarball.size > opts.maxBytes) {
          await tarball.body.cancel().catch(() => undefined);
          throw new SourceUnavailableError(`the tarball of ${what} is ${mib(tarball.size)}, more than the ${mib(opts.maxBytes)} a checkout may hold (IMAGEFACTORY_SOURCE_MAX_MIB)`);
        }
        const unpacked = await unpackTarball(tarball.body as ReadableStream<Uint8Array>, dir, { what, maxBytes: opts.maxBytes, signal });
        const seconds = ((Date.now() - started) / 1000).toFixed(1);
        return { dir, release, summary: `fetched ${what} from GitHub: ${unpacked.entries} entries, ${mib(unpacked.bytes)} in ${seconds}s` };
      } catch (err) {
        await release();
        if (signal.aborted) throw new CancelledFailure(`the checkout of ${what} was cancelled`);
        throw err;
      }
    },
  };
}

/** Removes `<key>-<n>` folders of attempts before this one (a worker that died mid-build leaves them). */
async function removeEarlierAttempts(root: string, key: string, attempt: number): Promise<void> {
  const names = await fs.readdir(root).catch(() => [] as string[]);
  for (const name of names) {
    const n = name.startsWith(`${key}-`) ? Number(name.slice(key.length + 1)) : NaN;
    if (Number.isInteger(n) && n < attempt) await fs.rm(path.join(root, name), { recursive: true, force: true });
  }
}
