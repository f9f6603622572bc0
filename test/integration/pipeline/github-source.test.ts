import fs from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { randomBytes, randomInt } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { readBuildLog } from '../../../activities/build-log-store.js';
import type { ImageConfig, Manifest } from '../../../manifest/types.js';
import type { BuildSource, ImageBuildInput } from '../../../workflows/image-build-types.js';
import { cancelUpdate } from '../../../workflows/image-build.js';
import { startFactory, type FactoryHarness } from '../../helpers/factory-harness.js';
import { startGitHubDouble, type GitHubDouble } from '../../helpers/github-double.js';
import { TEST_TENANT } from '../../helpers/mappings.js';
import { planImage, startImageBuild, waitForState } from '../../helpers/pipeline-runner.js';
import { baseImage, pullImageFiles, testRegistryClient, uniqueRepository } from '../../helpers/registry.js';
import { until } from '../../helpers/until.js';

const OWNER_ID = randomInt(1_000_000, 2_000_000_000);
const INSTALLATION = randomInt(1000, 1_000_000);
const REPO = `app-${randomBytes(3).toString('hex')}`;
const FULL = `acme/${REPO}`;
let gh: GitHubDouble;
let h: FactoryHarness;
let dataDir: string;

beforeAll(async () => {
  gh = await startGitHubDouble();
  gh.addInstallation({ id: INSTALLATION, account: { login: 'acme', id: OWNER_ID, type: 'Organization' } });
  gh.addRepository({ fullName: FULL, ownerId: OWNER_ID });
  dataDir = await fs.mkdtemp(path.join(os.tmpdir(), 'imagefactory-gh-source-'));
  h = await startFactory({ APP_ID: String(gh.app.id), PRIVATE_KEY: gh.app.privateKey, GHE_HOST: gh.gheHost, GHE_PROTOCOL: 'http', IMAGEFACTORY_DATA: dataDir });
});
afterAll(async () => {
  await h?.stop();
  await gh?.close();
  await fs.rm(dataDir, { recursive: true, force: true });
});

const checkouts = () => fs.readdir(path.join(dataDir, 'checkouts')).catch(() => [] as string[]);

/** One image of the repository at a commit of the double, planned as a GitHub build in the test tenant. */
function planGitHub(sha: string, image: Partial<ImageConfig>, name = 'web'): ImageBuildInput {
  const source: BuildSource = { kind: 'github', owner: 'acme', repo: REPO, sha, installationId: INSTALLATION };
  const manifest: Manifest = { version: 1, images: { [name]: { method: 'dockerfile', scan: { on_missing_db: 'warn' }, ...image } } };
  return planImage(h, { dir: `github:${FULL}`, sha }, manifest, name, { source, sourceUrl: `https://github.com/${FULL}`, repository: FULL });
}

const logOf = async (input: ImageBuildInput) => (await readBuildLog(h.database.db, TEST_TENANT, input.buildId)).map((l) => l.line);

describe('a build from a GitHub commit (the tarball at the sha, through the API)', () => {
  it('builds what that commit holds, .dockerignore honoured, pushes it, and removes the checkout', async () => {
    const marker = `only at this commit ${randomBytes(4).toString('hex')}`;
    gh.commit(FULL, 'main', { author: 'alice', files: { 'Dockerfile': `FROM ${baseImage()}\nCOPY . /ctx/\n`, '.dockerignore': 'secret.txt\n*.log\n', 'secret.txt': 'not for the image\n', 'debug.log': 'x\n' } });
    const sha = gh.commit(FULL, 'main', { author: 'alice', files: { 'only-here.txt': `${marker}\n` } });
    gh.commit(FULL, 'main', { author: 'alice', files: { 'only-here.txt': null } }); // the branch moves on; the build keeps its sha
    const release = uniqueRepository('gh-web');
    const input = planGitHub(sha, { registry: release, tags: ['{{sha}}'] });

    const state = await (await startImageBuild(h, input)).result();
    expect(state.status).toBe('succeeded');
    const image = await pullImageFiles(testRegistryClient(), `${release}:${sha}`);
    expect(image.digest).toBe(state.digest);
    expect(image.files.get('ctx/only-here.txt')?.toString('utf8')).toBe(`${marker}\n`);
    expect([...image.files.keys()].filter((f) => f.startsWith('ctx/')).sort()).toEqual(['ctx/.dockerignore', 'ctx/Dockerfile', 'ctx/only-here.txt']);

    // One tarball asked of the API with the installation's token, downloaded once, and the folder is gone.
    expect(gh.requestsTo(`/repos/${FULL}/tarball/${sha}`)).toHaveLength(1);
    expect(gh.requestsTo(`/legacy.tar.gz/${sha}`).map((r) => r.authorization)).toEqual([undefined]);
    const log = await logOf(input);
    expect(log.some((l) => l.startsWith(`fetched ${FULL}@${sha} from GitHub:`))).toBe(true);
    const built = log.find((l) => l.startsWith('built '))!;
    expect(built).toContain(path.join(dataDir, 'checkouts'));
    expect(await checkouts()).toEqual([]);
  });

  it('fails with the path check when a symbolic link in the commit leads out of the repository', async () => {
    const sha = gh.commit(FULL, 'escape', { author: 'mallory', files: { 'app/Dockerfile': `FROM ${baseImage()}\n` }, links: { 'app/linked.Dockerfile': '/etc/passwd', up: '..' } });
    const viaDockerfile = planGitHub(sha, { context: 'app', dockerfile: 'linked.Dockerfile' }, 'linked');
    const viaContext = planGitHub(sha, { context: 'up' }, 'up');
    const [a, b] = await Promise.all([viaDockerfile, viaContext].map(async (i) => (await startImageBuild(h, i)).result().catch((e: unknown) => e)));
    expect(String((a as Error).cause ?? a)).toMatch(/Dockerfile app\/linked\.Dockerfile leads outside the repository \(to \/etc\/passwd\)/);
    expect(String((b as Error).cause ?? b)).toMatch(/build context up leads outside the repository/);
    expect(await checkouts()).toEqual([]);
  });

  it('fails once, in a sentence, for a sha the repository does not have', async () => {
    const missing = randomBytes(20).toString('hex');
    const input = planGitHub(missing, {}, 'missing');
    const err = await (await startImageBuild(h, input)).result().catch((e: unknown) => e);
    const sentence = `cannot fetch ${FULL}@${missing}: GitHub has no such commit in ${FULL}, or installation ${INSTALLATION} cannot read that repository (HTTP 404)`;
    expect(String((err as Error).cause ?? err)).toContain(sentence);
    expect(gh.requestsTo(`/repos/${FULL}/tarball/${missing}`)).toHaveLength(1);
    expect(await logOf(input)).toContain(sentence);
    expect(await checkouts()).toEqual([]);
  });

  it('is cancelled in the middle of its download, and leaves no folder', async () => {
    const sha = gh.commit(FULL, 'slow', { author: 'alice', files: { 'Dockerfile': `FROM ${baseImage()}\n` } });
    const input = planGitHub(sha, {}, 'slow');
    const released = gh.holdTarballs();
    try {
      const handle = await startImageBuild(h, input);
      await until(() => gh.requestsTo(`/legacy.tar.gz/${sha}`).length > 0, 'the download to start');
      expect((await checkouts()).length).toBe(1);
      expect(await handle.executeUpdate(cancelUpdate, { args: [{ login: 'alice', channel: 'cli' }] })).toMatchObject({ ok: true });
      await waitForState(h, input.buildId, (s) => s.status === 'cancelled');
      await until(async () => (await checkouts()).length === 0, 'the checkout to be removed');
    } finally {
      released();
    }
  });
});
