import fs from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { CancelledFailure } from '@temporalio/common';
import { checkoutKey, githubCheckouts } from '../../../activities/github-checkouts.js';
import { SourceUnavailableError, type SourceCheckouts } from '../../../activities/source-checkout.js';
import { parseGitHubAppConfig } from '../../../lib/github-app-config.js';
import type { BuildSource } from '../../../workflows/image-build-types.js';
import { startGitHubDouble, type GitHubDouble } from '../../helpers/github-double.js';
import { until } from '../../helpers/until.js';

const OWNER_ID = 7101;
const INSTALLATION = 501;
let gh: GitHubDouble;
let root: string;
let checkouts: SourceCheckouts;
let sha: string;

const source = (over: Partial<Extract<BuildSource, { kind: 'github' }>> = {}): BuildSource => ({ kind: 'github', owner: 'acme', repo: 'app', sha, installationId: INSTALLATION, ...over });
const signal = () => new AbortController().signal;
const exists = (p: string) => fs.access(p).then(() => true, () => false);
const checkoutsWith = (maxBytes: number) =>
  githubCheckouts({ app: parseGitHubAppConfig({ APP_ID: String(gh.app.id), PRIVATE_KEY: gh.app.privateKey, GHE_HOST: gh.gheHost, GHE_PROTOCOL: 'http' })!, root, maxBytes });

beforeAll(async () => {
  gh = await startGitHubDouble();
  root = await fs.mkdtemp(path.join(os.tmpdir(), 'imagefactory-checkouts-'));
  gh.addInstallation({ id: INSTALLATION, account: { login: 'acme', id: OWNER_ID, type: 'Organization' } });
  gh.addInstallation({ id: 502, account: { login: 'other', id: 7102, type: 'Organization' } });
  gh.addRepository({ fullName: 'acme/app', ownerId: OWNER_ID });
  gh.commit('acme/app', 'main', { author: 'alice', files: { 'README.md': 'old\n', 'gone.txt': 'deleted later\n' } });
  sha = gh.commit('acme/app', 'main', {
    author: 'alice',
    files: { 'README.md': 'at this commit\n', 'gone.txt': null, 'src/deep/a.txt': 'a\n' },
    links: { 'src/link.txt': 'deep/a.txt', 'etc-link': '/etc/hostname' },
  });
  checkouts = checkoutsWith(64 * 1024 * 1024);
});
afterAll(async () => {
  await gh?.close();
  await fs.rm(root, { recursive: true, force: true });
});

describe('GitHub checkouts (the tarball at the sha, with the installation token)', () => {
  it('unpacks the commit without its top folder, links kept, into a folder of the attempt, and release removes it', async () => {
    const buildId = `github:${OWNER_ID}/acme/app/web@${sha.slice(0, 12)}`;
    const out = await checkouts.checkout(source(), buildId, signal(), 3);
    expect(out.dir).toBe(path.join(root, `${checkoutKey(buildId)}-3`));
    expect(await fs.readFile(path.join(out.dir, 'README.md'), 'utf8')).toBe('at this commit\n');
    expect(await fs.readFile(path.join(out.dir, 'src/deep/a.txt'), 'utf8')).toBe('a\n');
    expect(await exists(path.join(out.dir, 'gone.txt'))).toBe(false);
    expect(await fs.readlink(path.join(out.dir, 'src/link.txt'))).toBe('deep/a.txt');
    expect(await fs.readlink(path.join(out.dir, 'etc-link'))).toBe('/etc/hostname');
    expect((await fs.readdir(out.dir)).sort()).toEqual(['README.md', 'etc-link', 'src']);
    expect(out.summary).toMatch(new RegExp(`^fetched acme/app@${sha} from GitHub: \\d+ entries`));

    // The API was asked with the installation's token; the download it pointed to got no Authorization.
    const token = gh.installationTokens().at(-1)!.token;
    expect(gh.requestsTo(`/repos/acme/app/tarball/${sha}`).map((r) => r.authorization)).toEqual([`token ${token}`]);
    const downloads = gh.requestsTo(`/legacy.tar.gz/${sha}`);
    expect(downloads).toHaveLength(1);
    expect(downloads[0].authorization).toBeUndefined();
    expect(gh.requests.filter((r) => r.authorization?.includes(token)).every((r) => r.path.startsWith('/repos/'))).toBe(true);

    await out.release();
    expect(await exists(out.dir)).toBe(false);
  });

  it('removes what earlier attempts of the build left behind', async () => {
    const buildId = 'leftovers/acme/app/web@1';
    const left = path.join(root, `${checkoutKey(buildId)}-1`);
    await fs.mkdir(left, { recursive: true });
    await fs.writeFile(path.join(left, 'stale.txt'), 'x');
    const out = await checkouts.checkout(source(), buildId, signal(), 2);
    expect(await exists(left)).toBe(false);
    await out.release();
  });

  it('refuses, in a sentence, a sha the repository does not have, an installation that is gone, and another account\'s', async () => {
    const missing = 'f'.repeat(40);
    await expect(checkouts.checkout(source({ sha: missing }), 'b/missing', signal())).rejects.toThrow(
      new SourceUnavailableError(`cannot fetch acme/app@${missing}: GitHub has no such commit in acme/app, or installation ${INSTALLATION} cannot read that repository (HTTP 404)`),
    );
    await expect(checkouts.checkout(source({ installationId: 999 }), 'b/gone', signal())).rejects.toThrow(
      new SourceUnavailableError(`cannot fetch acme/app@${sha}: GitHub gave no token for installation 999: it no longer exists (the App was uninstalled) (HTTP 404)`),
    );
    await expect(checkouts.checkout(source({ installationId: 502 }), 'b/other', signal())).rejects.toThrow(/installation 502 cannot read that repository \(HTTP 404\)/);
    // Each folder was removed again.
    expect((await fs.readdir(root)).filter((n) => n.startsWith('b-'))).toEqual([]);
  });

  it('stops a tarball that unpacks to more than the limit, however small the download', async () => {
    const bigSha = gh.commit('acme/app', 'big', { author: 'alice', files: { 'big.txt': 'a'.repeat(3 * 1024 * 1024) } });
    const small = checkoutsWith(1024 * 1024);
    const err = await small.checkout(source({ sha: bigSha }), 'big/acme/app/web@1', signal()).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(SourceUnavailableError);
    expect((err as Error).message).toBe(`the tarball of acme/app@${bigSha} cannot be unpacked: it holds more than 1 MiB unpacked (IMAGEFACTORY_SOURCE_MAX_MIB)`);
    expect(await exists(path.join(root, `${checkoutKey('big/acme/app/web@1')}-1`))).toBe(false);
  });

  it('refuses an entry that climbs out of the folder, and writes nothing outside it', async () => {
    const evilSha = gh.commit('acme/app', 'evil', { author: 'mallory', files: { '../../escaped.txt': 'out\n' } });
    await expect(checkouts.checkout(source({ sha: evilSha }), 'evil/1', signal())).rejects.toThrow(/cannot be unpacked: the entry acme-app-[0-9a-f]{7}\/\.\.\/\S* climbs out of its folder \(\.\.\)$/);
    expect(await exists(path.join(root, 'escaped.txt'))).toBe(false);
    expect(await exists(path.join(path.dirname(root), 'escaped.txt'))).toBe(false);
  });

  it('aborts a download under way when the build is cancelled, and removes the folder', async () => {
    const release = gh.holdTarballs();
    const controller = new AbortController();
    const before = gh.requestsTo(`/legacy.tar.gz/${sha}`).length;
    try {
      const pending = checkouts.checkout(source(), 'cancel/1', controller.signal).catch((e: unknown) => e);
      await until(() => gh.requestsTo(`/legacy.tar.gz/${sha}`).length > before, 'the download to start');
      expect(await exists(path.join(root, `${checkoutKey('cancel/1')}-1`))).toBe(true);
      controller.abort();
      expect(await pending).toBeInstanceOf(CancelledFailure);
      expect(await exists(path.join(root, `${checkoutKey('cancel/1')}-1`))).toBe(false);
    } finally {
      release();
    }
  });

  it('uses a local folder as it is', async () => {
    const out = await checkouts.checkout({ kind: 'local', path: root }, 'local/1', signal());
    expect(out.dir).toBe(root);
    await out.release();
    expect(await exists(root)).toBe(true);
  });
});
