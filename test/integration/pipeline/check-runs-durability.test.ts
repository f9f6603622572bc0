import fs from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { randomBytes, randomInt } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import type { Manifest } from '../../../manifest/types.js';
import { checkRunName } from '../../../templates/check-run.js';
import { imageBuild } from '../../../workflows/image-build.js';
import { statusesShown } from '../../helpers/check-run-states.js';
import { startFactory, type FactoryHarness } from '../../helpers/factory-harness.js';
import { makeRepo } from '../../helpers/fixture-repo.js';
import { startGitHubDouble, type GitHubDouble } from '../../helpers/github-double.js';
import { requests, startHoldingProxy, type HoldingProxy } from '../../helpers/holding-proxy.js';
import { planImage, startImageBuild, waitForState } from '../../helpers/pipeline-runner.js';
import { baseImage, uniqueRepository } from '../../helpers/registry.js';
import { until } from '../../helpers/until.js';
import { startWorkerProcess, type WorkerProcess } from '../../helpers/worker-process.js';

const INSTALLATION = randomInt(1000, 1_000_000);
const REPO = `durable-${randomBytes(3).toString('hex')}`;
const FULL = `acme/${REPO}`;
let gh: GitHubDouble;
let proxy: HoldingProxy;
let h: FactoryHarness;
let dataDir: string;
const workers: WorkerProcess[] = [];

beforeAll(async () => {
  gh = await startGitHubDouble();
  const ownerId = randomInt(1_000_000, 2_000_000_000);
  gh.addInstallation({ id: INSTALLATION, account: { login: 'acme', id: ownerId, type: 'Organization' } });
  gh.addRepository({ fullName: FULL, ownerId });
  proxy = await startHoldingProxy(gh.gheHost);
  dataDir = await fs.mkdtemp(path.join(os.tmpdir(), 'imagefactory-check-durable-'));
  h = await startFactory({ APP_ID: String(gh.app.id), PRIVATE_KEY: gh.app.privateKey, GHE_HOST: gh.gheHost, GHE_PROTOCOL: 'http', IMAGEFACTORY_DATA: dataDir });
});
afterAll(async () => {
  await Promise.all(workers.map((w) => w.kill()));
  await h?.stop();
  await proxy?.close();
  await gh?.close();
  await fs.rm(dataDir, { recursive: true, force: true });
});

const manifest = (release: string): Manifest => ({ version: 1, images: { web: { method: 'dockerfile', registry: release, scan: { on_missing_db: 'warn' } } } });
const onlyRunOf = (sha: string) => {
  const runs = gh.checkRuns({ repository: FULL, name: checkRunName('web'), headSha: sha });
  expect(runs).toHaveLength(1);
  return runs[0];
};

describe('check runs when GitHub or the worker fails', () => {
  it('do not hold a build while GitHub answers 503, and catch up to its final state when it is back', async () => {
    // The files come from a local folder; the check run goes to the commit on GitHub (report.checkRun).
    const repo = makeRepo({ 'Dockerfile': `FROM ${baseImage()}\nRUN echo outage > /stamp\n` });
    const input = planImage(h, repo, manifest(uniqueRepository('outage')), 'web', { report: { checkRun: { owner: 'acme', repo: REPO, sha: repo.sha, installationId: INSTALLATION } } });
    gh.failCheckRuns(503);
    try {
      const handle = await startImageBuild(h, input);
      // The build ends while every check-run request fails.
      const ended = await waitForState(h, input.buildId, (s) => s.status === 'succeeded');
      expect(ended.digest).toMatch(/^sha256:/);
      expect(gh.failedCheckRunRequests()).toBeGreaterThan(0);
      expect(gh.checkRuns({ repository: FULL })).toEqual([]);
      expect((await handle.describe()).status.name).toBe('RUNNING');
    } finally {
      gh.failCheckRuns(undefined);
    }
    const done = await h.client.workflow.getHandle(input.buildId).result();
    expect(done.status).toBe('succeeded');
    const run = onlyRunOf(repo.sha);
    expect(run).toMatchObject({ status: 'completed', conclusion: 'success', external_id: input.buildId });
    expect(run.output.summary).toContain(`**Digest** \`${done.digest}\``);
    expect(statusesShown(gh.checkRunStates(run.id))).toEqual(['queued', 'building', 'scanning', 'succeeded']);
  });

  it('are not written twice when the worker dies after GitHub created the check run but before it heard back', async () => {
    const taskQueue = `checks-restart-${Date.now().toString(36)}`;
    const env = {
      IMAGEFACTORY_TASK_QUEUE: taskQueue,
      TEMPORAL_ADDRESS: h.config.temporalAddress!,
      DATABASE_URL: h.config.databaseUrl!,
      IMAGEFACTORY_DATA: dataDir,
      APP_ID: String(gh.app.id),
      PRIVATE_KEY: gh.app.privateKey,
      GHE_HOST: proxy.host,
      GHE_PROTOCOL: 'http',
    };
    const sha = gh.commit(FULL, 'main', { author: 'alice', files: { 'Dockerfile': `FROM ${baseImage()}\nRUN echo ${taskQueue} > /stamp\n` } });
    const input = planImage(h, { dir: `github:${FULL}`, sha }, manifest(uniqueRepository('restart')), 'web', {
      source: { kind: 'github', owner: 'acme', repo: REPO, sha, installationId: INSTALLATION },
      sourceUrl: `https://github.com/${FULL}`,
      repository: FULL,
      timeouts: { heartbeat: '3s' },
    });
    // GitHub stores the new check run; its answer never reaches the first worker.
    proxy.arm({ match: requests('POST', /\/check-runs$/), at: 'response' });
    const first = startWorkerProcess(env);
    workers.push(first);
    await first.ready;
    const handle = await h.client.workflow.start(imageBuild, { taskQueue, workflowId: input.buildId, args: [input] });
    await until(() => proxy.held() === 1, 'the check run to be created and its answer held');
    expect(gh.checkRuns({ repository: FULL, headSha: sha })).toHaveLength(1);
    await first.kill('SIGKILL');
    proxy.release();

    const second = startWorkerProcess(env);
    workers.push(second);
    await second.ready;
    const done = await handle.result();
    expect(done.status).toBe('succeeded');
    const run = onlyRunOf(sha);
    expect(run).toMatchObject({ status: 'completed', conclusion: 'success', external_id: input.buildId });
    const states = gh.checkRunStates(run.id);
    expect(states.filter((s) => s.via === 'create')).toHaveLength(1);
    expect(statusesShown(states).at(-1)).toBe('succeeded');
    // The second worker looked for the check run the first one created, and found it.
    expect(gh.requestsTo(`/repos/${FULL}/commits/${sha}/check-runs`).length).toBeGreaterThanOrEqual(2);
    expect(gh.requestsTo(`/repos/${FULL}/check-runs`).filter((r) => r.method === 'POST' && (r.body as { head_sha?: string }).head_sha === sha)).toHaveLength(1);
  });
});
