import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { and, eq } from 'drizzle-orm';
import { stringify } from 'yaml';
import type { BotDeps } from '../../../bot/bot-deps.js';
import { okToTest } from '../../../bot/events/pull-request.js';
import { buildIdFor, pipelineIdFor } from '../../../builds/plan-builds.js';
import { sendDecision } from '../../../builds/send-decision.js';
import { auditEvents } from '../../../db/schema/audit-events.js';
import { builds } from '../../../db/schema/builds.js';
import { withCrossTenantRead } from '../../../db/with-tenant.js';
import { installationClient } from '../../../github/app-client.js';
import { createLogger } from '../../../lib/logger.js';
import { checkRunName } from '../../../templates/check-run.js';
import { appEnv, startBotProcess, WEBHOOK_SECRET, type BotProcess } from '../../helpers/bot-process.js';
import { startFactory, testTaskQueue, type FactoryHarness } from '../../helpers/factory-harness.js';
import { startGitHubDouble, type GitHubDouble } from '../../helpers/github-double.js';
import { pullRequestEvent, repositoryPayload, type EventRepository, type PullRequestSpec } from '../../helpers/github-events.js';
import { putMappingsInForce, testTenantConfig } from '../../helpers/mappings.js';
import { baseImage, pullImageFiles, testRegistryClient, uniqueRepository } from '../../helpers/registry.js';
import { until } from '../../helpers/until.js';
import { buildStateOf, workflowExists } from '../../helpers/workflow-probe.js';

let github: GitHubDouble;
let h: FactoryHarness;
let bot: BotProcess;

const accountId = 500000 + Math.floor(Math.random() * 99999);
const tenantId = `github:${accountId}`;
const org = `prs-${accountId}`;
const installation = { id: accountId + 1, account: { login: org, id: accountId, type: 'Organization' as const } };
const repo: EventRepository = { fullName: `${org}/app`, ownerId: accountId, installationId: installation.id };
const full = repo.fullName;
const release = uniqueRepository('pr-app');
const gatedRelease = uniqueRepository('pr-gated');

/** `app` builds pull requests into main that change src/ or the Dockerfile; `gated` those that change gated/, and waits for two security reviewers. */
const manifest = stringify({
  version: 1,
  images: {
    app: { method: 'dockerfile', registry: release, tags: ['{{sha}}'], triggers: { pull_request: { branches: ['main'] }, paths: ['src/**', 'Dockerfile'] } },
    gated: {
      method: 'dockerfile',
      context: 'gated',
      registry: gatedRelease,
      triggers: { pull_request: true, paths: ['gated/**'] },
      approval: { required: true, approvers: ['role:security-reviewer'], min_approvals: 2 },
      promote: { to: `${gatedRelease}-prod` },
    },
  },
});

const quick = (note: string) => ({ 'Dockerfile': `FROM ${baseImage()}\nCOPY src/note.txt /note.txt\n`, 'src/note.txt': `${note}\n` });
/** A build still running while the test acts: a RUN step that sleeps (cancelling stops it). */
const slow = (note: string) => ({ 'Dockerfile': `FROM ${baseImage()}\nRUN sleep ${600 + Math.floor(Math.random() * 300)}\nCOPY src/note.txt /note.txt\n`, 'src/note.txt': `${note}\n` });

const deliver = async (spec: PullRequestSpec) => {
  const attempt = await github.deliverWebhook('pull_request', pullRequestEvent(github, repo, spec));
  expect(attempt.status_code).toBe(200);
};
const buildOf = (image: string, sha: string) => buildIdFor(tenantId, full, image, { sha, ref: '', dirty: false });
const stateOf = (buildId: string) => buildStateOf(h.client, buildId);
const waitFor = (buildId: string, status: string) => until(async () => (await stateOf(buildId))?.status === status, `${buildId} to be ${status}`, 180_000);
const pipelineStarted = (sha: string, images: string[]) => workflowExists(h.client, pipelineIdFor(tenantId, full, { sha, ref: '', dirty: false }, images));
const events = (action: string) => withCrossTenantRead(h.database.db, (tx) => tx.select().from(auditEvents).where(and(eq(auditEvents.tenantId, tenantId), eq(auditEvents.action, action))).orderBy(auditEvents.seq));
const comments = (pr: number) => github.issueComments({ repository: full, issue: pr }).map((c) => c.body);
const rowOf = async (buildId: string) => (await withCrossTenantRead(h.database.db, (tx) => tx.select().from(builds).where(eq(builds.id, buildId))))[0];

let botDeps: BotDeps;
beforeAll(async () => {
  github = await startGitHubDouble();
  github.addInstallation(installation);
  github.addRepository({ fullName: full, ownerId: accountId });
  github.commit(full, 'main', { author: 'carol', files: { '.imagefactory.yml': manifest, ...quick('main'), 'gated/Dockerfile': `FROM ${baseImage()}\n`, 'README.md': 'app\n' } });
  h = await startFactory(appEnv(github));
  await putMappingsInForce(h.database.db, { tenantId, owner: org, tenant: testTenantConfig(h.config.registry) });
  bot = await startBotProcess(github, { IMAGEFACTORY_TASK_QUEUE: h.taskQueue });
  botDeps = { config: h.config, db: h.database.db, temporal: h.client, taskQueue: h.taskQueue, log: createLogger({ logLevel: 'warn' }), processName: 'test' };
});
afterAll(async () => {
  await bot?.stop();
  await h?.stop();
  await github?.close();
});

describe('pull requests', () => {
  it('an opened pull request builds its head from the API tarball into the registry, and its check run completes', async () => {
    const marker = `pull request one ${Math.random()}`;
    const sha = github.commit(full, 'feature-1', { author: 'dana', files: quick(marker) });
    await deliver({ action: 'opened', number: 1, head: sha, headRef: 'feature-1', author: 'dana' });
    await waitFor(buildOf('app', sha), 'succeeded');
    const image = await pullImageFiles(testRegistryClient(), `${release}:${sha}`);
    expect(image.files.get('note.txt')?.toString('utf8')).toBe(`${marker}\n`);
    expect(github.requestsTo(`/repos/${full}/tarball/${sha}`)).toHaveLength(1);
    expect(github.requestsTo(`/repos/${full}/pulls/1/files`).length).toBeGreaterThanOrEqual(1);
    expect(await rowOf(buildOf('app', sha))).toMatchObject({ ref: 'refs/pull/1/head', trigger: 'pull_request', authorLogin: 'dana' });
    expect(await pipelineStarted(sha, ['gated'])).toBe(false);
    await until(() => github.checkRuns({ repository: full, name: checkRunName('app'), headSha: sha }).some((r) => r.conclusion === 'success'), 'the check run to complete');
  });

  it('a pull request that changes no path an image watches builds nothing', async () => {
    const sha = github.commit(full, 'docs-2', { author: 'dana', files: { 'README.md': 'better words\n' } });
    await deliver({ action: 'opened', number: 2, head: sha, headRef: 'docs-2', author: 'dana' });
    expect(await pipelineStarted(sha, ['app'])).toBe(false);
    expect(await pipelineStarted(sha, ['gated'])).toBe(false);
    expect(comments(2)).toEqual([]);
  });

  it('a pull request from a fork waits for /ok-to-test: a viewer may not give it, a developer may, and each new commit waits again', async () => {
    const fork = `mallory/app`;
    const sha = github.commit(full, 'fork-3', { author: 'mallory', files: quick('from a fork') });
    await deliver({ action: 'opened', number: 3, head: sha, headRef: 'main', author: 'mallory', fork });
    expect(await pipelineStarted(sha, ['app'])).toBe(false);
    expect(github.requestsTo(`/repos/${full}/tarball/${sha}`)).toEqual([]);
    expect(comments(3)).toEqual([expect.stringContaining(`has not built \`${sha.slice(0, 7)}\`, the head of this pull request: the pull request comes from a fork (${fork})`)]);
    expect(comments(3)[0]).toContain('`/ok-to-test`');
    const waits = (await events('build.requested')).filter((e) => e.actor === 'mallory');
    expect(waits.map((e) => [e.decision, (e.data as { sha: string }).sha])).toEqual([['deny', sha]]);

    const octokit = installationClient(h.config.githubApp!, installation.id);
    const asked = { octokit, installationId: installation.id, repository: { owner: org, repo: 'app', fullName: full, defaultBranch: 'main', ownerId: accountId, ownerType: 'Organization' as const }, pullNumber: 3 };
    const byViewer = await okToTest(botDeps, { ...asked, commenter: { login: 'vic', channel: 'github' } });
    expect(byViewer.kind).toBe('refused');
    expect(byViewer.reply).toContain('viewer may not');
    expect(await pipelineStarted(sha, ['app'])).toBe(false);

    // A developer comments /ok-to-test: the comment handler gives it to okToTest, as the commenter.
    const comment = { action: 'created', issue: { number: 3, user: { login: 'mallory', type: 'User' }, pull_request: { url: '' } }, comment: { id: 31, body: '/ok-to-test', user: { login: 'dana', id: 4, type: 'User' } }, repository: repositoryPayload(repo), installation: { id: installation.id }, sender: { login: 'dana', id: 4, type: 'User' } };
    expect((await github.deliverWebhook('issue_comment', comment)).status_code).toBe(200);
    await waitFor(buildOf('app', sha), 'succeeded');
    expect(await rowOf(buildOf('app', sha))).toMatchObject({ authorLogin: 'dana', trigger: 'ok-to-test', ref: 'refs/pull/3/head' });
    const image = await pullImageFiles(testRegistryClient(), `${release}:${sha}`);
    expect(image.files.get('note.txt')?.toString('utf8')).toBe('from a fork\n');

    const next = github.commit(full, 'fork-3', { author: 'mallory', files: { 'src/note.txt': 'and more\n' } });
    await deliver({ action: 'synchronize', number: 3, head: next, before: sha, headRef: 'main', author: 'mallory', fork });
    expect(await pipelineStarted(next, ['app'])).toBe(false);
    expect(comments(3).filter((c) => c.includes(`has not built \`${next.slice(0, 7)}\``))).toHaveLength(1);
  });

  it('a pull request by someone who may not build waits the same way, saying why', async () => {
    const sha = github.commit(full, 'viewer-4', { author: 'vic', files: quick('from a viewer') });
    await deliver({ action: 'opened', number: 4, head: sha, headRef: 'viewer-4', author: 'vic' });
    expect(await pipelineStarted(sha, ['app'])).toBe(false);
    expect(comments(4)).toEqual([expect.stringContaining(`@vic may not build images in ${full}: viewer may not`)]);
  });

  it("a new head cancels the old head's running build, audited as superseded, and builds the new one", async () => {
    const old = github.commit(full, 'feature-5', { author: 'dana', files: slow('old head') });
    await deliver({ action: 'opened', number: 5, head: old, headRef: 'feature-5', author: 'dana' });
    await waitFor(buildOf('app', old), 'building');
    const head = github.commit(full, 'feature-5', { author: 'dana', files: quick('new head') });
    await deliver({ action: 'synchronize', number: 5, head, before: old, headRef: 'feature-5', author: 'dana', sender: 'dana' });
    await waitFor(buildOf('app', old), 'cancelled');
    const superseded = (await events('build.superseded')).filter((e) => e.buildId === buildOf('app', old));
    expect(superseded.map((e) => [e.actor, e.data])).toEqual([['dana', { pull_request: 5, superseded_by: head }]]);
    await waitFor(buildOf('app', head), 'succeeded');
    expect((await pullImageFiles(testRegistryClient(), `${release}:${head}`)).files.get('note.txt')?.toString('utf8')).toBe('new head\n');
  });

  it("approvals belong to one head: the new head's build waits for every approval again", async () => {
    const old = github.commit(full, 'gated-6', { author: 'dana', files: { 'gated/Dockerfile': `FROM ${baseImage()}\nLABEL head=old\n` } });
    await deliver({ action: 'opened', number: 6, head: old, headRef: 'gated-6', author: 'dana' });
    await waitFor(buildOf('gated', old), 'awaiting_approval');
    expect(await sendDecision(h.client, buildOf('gated', old), 'approve', { login: 'sam', channel: 'github' }, 'looks right')).toMatchObject({ ok: true });
    expect((await stateOf(buildOf('gated', old)))?.approvals.map((a) => a.login)).toEqual(['sam']);

    const head = github.commit(full, 'gated-6', { author: 'dana', files: { 'gated/Dockerfile': `FROM ${baseImage()}\nLABEL head=new\n` } });
    await deliver({ action: 'synchronize', number: 6, head, before: old, headRef: 'gated-6', author: 'dana' });
    await waitFor(buildOf('gated', old), 'cancelled');
    await waitFor(buildOf('gated', head), 'awaiting_approval');
    const state = await stateOf(buildOf('gated', head));
    expect(state?.approvals).toEqual([]);
    expect(state?.approvalsMissing).toBeDefined();
  });

  it('closing a pull request cancels what still runs for it', async () => {
    const sha = github.commit(full, 'feature-7', { author: 'dana', files: slow('closed soon') });
    await deliver({ action: 'opened', number: 7, head: sha, headRef: 'feature-7', author: 'dana' });
    await waitFor(buildOf('app', sha), 'building');
    await deliver({ action: 'closed', number: 7, head: sha, headRef: 'feature-7', author: 'dana', sender: 'carol' });
    await waitFor(buildOf('app', sha), 'cancelled');
    const closed = (await events('build.pull_request_closed')).filter((e) => e.buildId === buildOf('app', sha));
    expect(closed.map((e) => [e.actor, e.data])).toEqual([['carol', { pull_request: 7, head: sha, merged: false }]]);
  });

  it('closing a pull request right after it opened cancels its builds, though none is recorded yet', async () => {
    // The bot hands the builds to a task queue no worker polls yet: nothing is recorded when the close comes.
    const taskQueue = testTaskQueue();
    const early = await startBotProcess(github, { IMAGEFACTORY_TASK_QUEUE: taskQueue });
    const sha = github.commit(full, 'feature-8', { author: 'dana', files: quick('closed at once') });
    try {
      await deliver({ action: 'opened', number: 8, head: sha, headRef: 'feature-8', author: 'dana' });
      expect(await pipelineStarted(sha, ['app'])).toBe(true);
      expect(await rowOf(buildOf('app', sha))).toBeUndefined();
      await deliver({ action: 'closed', number: 8, head: sha, headRef: 'feature-8', author: 'dana', sender: 'carol' });
    } finally {
      await early.stop();
      github.setWebhook(bot.url, WEBHOOK_SECRET);
    }
    const late = await startFactory(appEnv(github), { taskQueue });
    try {
      const pipeline = h.client.workflow.getHandle(pipelineIdFor(tenantId, full, { sha, ref: '', dirty: false }, ['app']));
      await until(async () => (await pipeline.describe()).status.name !== 'RUNNING', 'the closed pull request\'s pipeline to end', 120_000);
      expect((await pipeline.describe()).status.name).toBe('CANCELLED');
      expect([undefined, 'cancelled']).toContain((await stateOf(buildOf('app', sha)))?.status);
      expect(github.requestsTo(`/repos/${full}/tarball/${sha}`)).toEqual([]);
      const closed = (await events('build.pull_request_closed')).filter((e) => e.buildId === buildOf('app', sha));
      expect(closed.map((e) => [e.actor, e.data])).toEqual([['carol', { pull_request: 8, head: sha, merged: false }]]);
    } finally {
      await late.stop();
    }
  });
});
