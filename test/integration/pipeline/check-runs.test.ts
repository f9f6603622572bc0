import fs from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { randomBytes, randomInt } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import type { ImageConfig, Manifest } from '../../../manifest/types.js';
import { checkRunName } from '../../../templates/check-run.js';
import type { ImageBuildInput } from '../../../workflows/image-build-types.js';
import { approveUpdate, releaseUpdate } from '../../../workflows/image-build.js';
import { actionsOf, statusShown, statusesShown } from '../../helpers/check-run-states.js';
import { startFactory, type FactoryHarness } from '../../helpers/factory-harness.js';
import { startGitHubDouble, type GitHubDouble } from '../../helpers/github-double.js';
import { planImage, startImageBuild, waitForState } from '../../helpers/pipeline-runner.js';
import { baseImage, testRegistryClient, uniqueRepository } from '../../helpers/registry.js';
import { createTrivyTestDb } from '../../helpers/trivy-test-db.js';
import { until } from '../../helpers/until.js';

const CRITICAL = 'CVE-2099-5151';
const HIGH = 'CVE-2099-5152';
const INSTALLATION = randomInt(1000, 1_000_000);
const REPO = `checks-${randomBytes(3).toString('hex')}`;
const FULL = `acme/${REPO}`;
let gh: GitHubDouble;
let h: FactoryHarness;
let dataDir: string;
let trivyDb: string;

beforeAll(async () => {
  trivyDb = await createTrivyTestDb([
    { id: CRITICAL, pkg: 'musl', fixedVersion: '1.2.4-r3', severity: 'CRITICAL', platform: 'alpine 3.19' },
    { id: HIGH, pkg: 'musl', fixedVersion: '1.2.4-r3', severity: 'HIGH', platform: 'alpine 3.19' },
  ]);
  gh = await startGitHubDouble();
  const ownerId = randomInt(1_000_000, 2_000_000_000);
  gh.addInstallation({ id: INSTALLATION, account: { login: 'acme', id: ownerId, type: 'Organization' } });
  gh.addRepository({ fullName: FULL, ownerId });
  dataDir = await fs.mkdtemp(path.join(os.tmpdir(), 'imagefactory-check-runs-'));
  h = await startFactory({ APP_ID: String(gh.app.id), PRIVATE_KEY: gh.app.privateKey, GHE_HOST: gh.gheHost, GHE_PROTOCOL: 'http', IMAGEFACTORY_DATA: dataDir, TRIVY_DB_DIR: trivyDb });
});
afterAll(async () => {
  await h?.stop();
  await gh?.close();
  await fs.rm(dataDir, { recursive: true, force: true });
  await fs.rm(trivyDb, { recursive: true, force: true });
});

/** An image of the double's repository at `sha`, built from the API's tarball, in the test tenant; alice asks. */
function planGitHub(sha: string, name: string, image: Partial<ImageConfig>): ImageBuildInput {
  const manifest: Manifest = { version: 1, images: { [name]: { method: 'dockerfile', ...image } } };
  return planImage(h, { dir: `github:${FULL}`, sha }, manifest, name, {
    source: { kind: 'github', owner: 'acme', repo: REPO, sha, installationId: INSTALLATION },
    sourceUrl: `https://github.com/${FULL}`,
    repository: FULL,
  });
}

/** The one check run of an image at a commit, as it is now (undefined before it exists). */
const checkRunOf = (name: string, sha: string) => {
  const runs = gh.checkRuns({ repository: FULL, name: checkRunName(name), headSha: sha });
  if (runs.length > 1) throw new Error(`${runs.length} check runs for ${name}@${sha}`);
  return runs[0];
};

const asker = (login: string) => ({ login, channel: 'github' as const });

describe('check runs, written as the build goes', () => {
  it('follow a build through quarantine, release, approval and promotion, offering the decision while a person is needed', async () => {
    const sha = gh.commit(FULL, 'main', {
      author: 'alice',
      files: {
        'Dockerfile': `FROM ${baseImage()}\nCOPY etc /etc\nCOPY lib /lib\n`,
        'etc/alpine-release': '3.19.1\n',
        'lib/apk/db/installed': 'C:Q1AbCdEfGhIjKlMnOpQrStUvWxYz0=\nP:musl\nV:1.2.4-r2\nA:x86_64\nS:383152\nI:622592\nT:the musl c library\nU:https://musl.libc.org/\nL:MIT\no:musl\nm:Test <test@example.invalid>\nt:1700000000\nc:0000000000000000000000000000000000000000\n\n',
      },
    });
    const release = uniqueRepository('checks');
    const input = planGitHub(sha, 'web', { registry: release, scan: { fail_on: ['CRITICAL'] }, approval: { required: true, approvers: ['role:security-reviewer'] }, promote: { to: `${release}-prod` } });
    const handle = await startImageBuild(h, input);

    await waitForState(h, input.buildId, (s) => s.status === 'quarantined');
    await until(() => checkRunOf('web', sha) !== undefined && actionsOf(checkRunOf('web', sha)).length > 0, 'the check run to offer Release and Reject');
    const held = checkRunOf('web', sha);
    expect(actionsOf(held)).toEqual(['release', 'reject']);
    expect(held).toMatchObject({ status: 'in_progress', conclusion: null, external_id: input.buildId, installation_id: INSTALLATION });
    expect(held.output.summary).toContain(`| \`${CRITICAL}\` | musl | CRITICAL |`);
    expect(held.output.summary).toContain('| CRITICAL | 1 | 1 |\n| HIGH | 1 | 0 |');

    expect(await handle.executeUpdate(releaseUpdate, { args: [{ ...asker('sam'), reason: 'the parser is never reached' }] })).toMatchObject({ ok: true });
    await waitForState(h, input.buildId, (s) => s.status === 'awaiting_approval');
    await until(() => actionsOf(checkRunOf('web', sha)).includes('approve'), 'the check run to offer Approve and Reject');
    const waiting = checkRunOf('web', sha);
    expect(actionsOf(waiting)).toEqual(['approve', 'reject']);
    expect(waiting.output.title).toBe('web: awaiting approval (0 of 1)');
    expect(waiting.output.summary).toContain('**Still needed**: 1 more approval (0 of 1 so far).');
    expect(waiting.output.summary).toContain('Who may approve: `role:security-reviewer`, not alice (who started it).');
    expect(waiting.output.summary).toContain('**Released** by sam: the parser is never reached.');

    expect(await handle.executeUpdate(approveUpdate, { args: [{ ...asker('sue'), reason: 'ship it' }] })).toMatchObject({ ok: true });
    const done = await handle.result();
    expect(done.status).toBe('succeeded');
    expect((await testRegistryClient().headManifest(`${release}-prod:${sha}`))?.digest).toBe(done.digest);

    // One check run for the image at the commit, through every state in order, and decided at the end.
    const run = checkRunOf('web', sha);
    const states = gh.checkRunStates(run.id);
    expect(states[0].via).toBe('create');
    expect(states.slice(1).every((s) => s.via === 'update')).toBe(true);
    expect(statusesShown(states)).toEqual(['queued', 'building', 'scanning', 'quarantined', 'awaiting_approval', 'promoting', 'succeeded']);
    expect(states.map((s) => s.status)).toEqual(expect.arrayContaining(['queued', 'in_progress', 'completed']));
    for (const s of states) {
      const shown = statusShown(s);
      const decided = shown === 'quarantined' && s.output.title?.includes('released');
      expect([shown, actionsOf(s)]).toEqual([shown, shown === 'quarantined' && !decided ? ['release', 'reject'] : shown === 'awaiting_approval' && !s.output.summary?.includes('Approved: 1 of 1') ? ['approve', 'reject'] : []]);
    }
    expect(run).toMatchObject({ status: 'completed', conclusion: 'success', actions: [], name: 'imagefactory: web', head_sha: sha });
    expect(run.completed_at).toBe(new Date(Math.floor(Date.parse(done.updatedAt) / 1000) * 1000).toISOString().replace('.000Z', 'Z'));
    expect(run.output.title).toBe(`web: promoted to ${release}-prod`);
    expect(run.output.summary).toContain(`**Digest** \`${done.digest}\``);
    expect(run.output.summary).toContain(`**Tags** \`${sha}\``);
    expect(run.output.summary).toContain(`**Promoted** to \`${release}-prod@${done.digest}\``);
    expect(run.output.summary).toContain(`| \`${CRITICAL}\` | musl | CRITICAL |`);
    expect(run.output.summary).toMatch(/\| sue \| `security-reviewer` \| \d{4}-\d\d-\d\dT[\d:.]+Z \| ship it \|/);
    expect(run.output.summary).toContain('Approved: 1 of 1 needed.');
    // Every request acted as the installation.
    const tokens = new Set(gh.installationTokens().filter((t) => t.installationId === INSTALLATION).map((t) => t.token));
    expect(gh.requests.filter((r) => r.path.includes('/check-runs')).every((r) => tokens.has(r.authorization?.replace(/^token /, '') ?? ''))).toBe(true);
  });

  it("end a failed build as a failure, its summary holding the build log's last 20 lines", async () => {
    // The command's own text (which the log shows too) never holds a numbered line.
    const sha = gh.commit(FULL, 'broken', { author: 'alice', files: { 'Dockerfile': `FROM ${baseImage()}\nRUN i=0; while [ $i -lt 30 ]; do i=$((i+1)); echo "tail-line-$i"; done; exit 3\n` } });
    const input = planGitHub(sha, 'broken', { scan: { on_missing_db: 'warn' } });
    const err = await (await startImageBuild(h, input)).result().catch((e: unknown) => e);
    expect(String((err as Error).cause ?? err)).toMatch(/exit|returned|status 3/i);

    const run = checkRunOf('broken', sha);
    expect(run).toMatchObject({ status: 'completed', conclusion: 'failure', actions: [] });
    expect(run.output.title).toMatch(/^broken: failed: /);
    const summary = run.output.summary!;
    expect(summary).toContain('The last 20 lines of the build log');
    const fenced = summary.slice(summary.indexOf('```text'));
    expect(fenced).toMatch(/^tail-line-30$/m);
    expect(fenced).not.toMatch(/^tail-line-(1|5)$/m);
    expect(statusesShown(gh.checkRunStates(run.id))).toEqual(['queued', 'building', 'failed']);
  });
});
