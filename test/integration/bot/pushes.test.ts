import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { and, eq } from 'drizzle-orm';
import { stringify } from 'yaml';
import { buildIdFor, pipelineIdFor } from '../../../builds/plan-builds.js';
import { auditEvents } from '../../../db/schema/audit-events.js';
import { roleMappings } from '../../../db/schema/role-mappings.js';
import { withCrossTenantRead } from '../../../db/with-tenant.js';
import { MANIFEST_CHECK_NAME } from '../../../templates/manifest-check-run.js';
import { appEnv, startBotProcess, type BotProcess } from '../../helpers/bot-process.js';
import { startFactory, type FactoryHarness } from '../../helpers/factory-harness.js';
import { startGitHubDouble, type GitHubDouble } from '../../helpers/github-double.js';
import { pushEvent, type EventRepository, type PushSpec } from '../../helpers/github-events.js';
import { putMappingsInForce, testTenantConfig } from '../../helpers/mappings.js';
import { baseImage, pullImageFiles, testRegistryClient, uniqueRepository } from '../../helpers/registry.js';
import { until } from '../../helpers/until.js';
import { buildStateOf, workflowExists } from '../../helpers/workflow-probe.js';

let github: GitHubDouble;
let h: FactoryHarness;
let bot: BotProcess;

const accountId = 600000 + Math.floor(Math.random() * 99999);
const tenantId = `github:${accountId}`;
const org = `pushers-${accountId}`;
const installation = { id: accountId + 1, account: { login: org, id: accountId, type: 'Organization' as const } };
const api: EventRepository = { fullName: `${org}/api`, ownerId: accountId, installationId: installation.id };
const tenantRepo: EventRepository = { fullName: `${org}/.imagefactory`, ownerId: accountId, installationId: installation.id };
const release = uniqueRepository('pushed-web');

/** The manifest of the default branch: `web` builds on pushes to main and release/*, and tags v*, when web/ changes; `docs` only when asked. */
const manifest = (roles?: Record<string, string[]>) =>
  stringify({
    version: 1,
    images: {
      web: { method: 'dockerfile', context: 'web', registry: release, tags: ['{{branch}}', '{{tag}}', '{{short_sha}}'], triggers: { push: { branches: ['main', 'release/*'], tags: ['v*'] }, paths: ['web/**'] } },
      docs: { method: 'dockerfile', context: 'docs' },
    },
    ...(roles ? { roles } : {}),
  });

const deliver = async (r: EventRepository, spec: PushSpec) => {
  const event = pushEvent(github, r, spec);
  const attempt = await github.deliverWebhook('push', event.payload);
  expect(attempt.status_code).toBe(200);
  return event;
};
const webAt = (sha: string) => buildIdFor(tenantId, api.fullName, 'web', { sha, ref: '', dirty: false });
const stateOf = (buildId: string) => buildStateOf(h.client, buildId);
/** Whether a pipeline of `web` was started for the commit: the bot starts it before it answers the delivery. */
const webPipelineStarted = (sha: string) => workflowExists(h.client, pipelineIdFor(tenantId, api.fullName, { sha, ref: '', dirty: false }, ['web']));
const events = (action: string) => withCrossTenantRead(h.database.db, (tx) => tx.select().from(auditEvents).where(and(eq(auditEvents.tenantId, tenantId), eq(auditEvents.action, action))).orderBy(auditEvents.seq));
const mappingRow = async (source: string) => (await withCrossTenantRead(h.database.db, (tx) => tx.select().from(roleMappings).where(and(eq(roleMappings.tenantId, tenantId), eq(roleMappings.source, source)))))[0];

beforeAll(async () => {
  github = await startGitHubDouble();
  github.addInstallation(installation);
  github.addRepository({ fullName: api.fullName, ownerId: accountId });
  github.addRepository({ fullName: tenantRepo.fullName, ownerId: accountId });
  github.commit(api.fullName, 'main', { author: 'carol', files: { '.imagefactory.yml': manifest(), 'web/Dockerfile': `FROM ${baseImage()}\nCOPY index.html /index.html\n`, 'web/index.html': 'first\n', 'docs/Dockerfile': `FROM ${baseImage()}\n` } });
  h = await startFactory(appEnv(github));
  await putMappingsInForce(h.database.db, { tenantId, owner: org, tenant: testTenantConfig(h.config.registry) });
  bot = await startBotProcess(github, { IMAGEFACTORY_TASK_QUEUE: h.taskQueue });
});
afterAll(async () => {
  await bot?.stop();
  await h?.stop();
  await github?.close();
});

describe('pushes that build', () => {
  it("builds the images whose triggers match, at the pushed commit, as the pusher, with the default branch's manifest", async () => {
    const marker = `release one ${Math.random()}`;
    // The branch's own manifest sends web elsewhere: builds use the default branch's all the same.
    const branchManifest = manifest().replace(release, uniqueRepository('never-used'));
    const { sha } = await deliver(api, { branch: 'release/1', pusher: 'dana', files: { 'web/index.html': `${marker}\n`, '.imagefactory.yml': branchManifest } });
    await until(async () => (await stateOf(webAt(sha)))?.status === 'succeeded', 'the pushed commit to be built');
    expect((await stateOf(webAt(sha)))?.author).toBe('dana');
    const image = await pullImageFiles(testRegistryClient(), `${release}:release-1`);
    expect(image.files.get('index.html')?.toString('utf8')).toBe(`${marker}\n`);
    expect(image.digest).toBe((await stateOf(webAt(sha)))?.digest);
    expect(github.requestsTo(`/repos/${api.fullName}/tarball/${sha}`)).toHaveLength(1);
    expect(await webPipelineStarted(sha)).toBe(true);
  });

  it('builds nothing for a push that changes no matching path, for a branch no trigger names, or for a deleted branch', async () => {
    const docsOnly = await deliver(api, { branch: 'main', pusher: 'dana', files: { 'docs/readme.md': 'words\n' } });
    const otherBranch = await deliver(api, { branch: 'feature/x', pusher: 'dana', files: { 'web/index.html': 'feature\n' } });
    const contentsBefore = github.requestsTo('/contents/.imagefactory.yml').length;
    await deliver(api, { branch: 'feature/x', pusher: 'dana', deleted: true });
    expect(await webPipelineStarted(docsOnly.sha)).toBe(false);
    expect(await webPipelineStarted(otherBranch.sha)).toBe(false);
    expect(github.requestsTo('/contents/.imagefactory.yml').length).toBe(contentsBefore);
  });

  it('builds a pushed tag at the commit it names (not the tag object), tagged with the tag', async () => {
    const sha = github.repository(api.fullName)!.branches.get('main')!.at(-1)!.sha;
    await deliver(api, { tag: { name: 'v1.2.0', sha }, pusher: 'dana' });
    await until(async () => (await stateOf(webAt(sha)))?.status === 'succeeded', 'the tagged commit to be built');
    expect((await stateOf(webAt(sha)))?.tags).toEqual(['v1.2.0', sha.slice(0, 7)]);
    await pullImageFiles(testRegistryClient(), `${release}:v1.2.0`);
  });

  it('builds on a forced push whatever paths say: its commits do not tell what it replaced', async () => {
    const forced = await deliver(api, { branch: 'main', pusher: 'dana', files: { 'docs/forced.md': 'rewritten\n' }, forced: true });
    expect(await webPipelineStarted(forced.sha)).toBe(true);
    await until(async () => (await stateOf(webAt(forced.sha)))?.status === 'succeeded', 'the forced push to be built');
  });

  it('asks GitHub to compare when the payload lists as many commits as GitHub ever does', async () => {
    const pushed = await deliver(api, { branch: 'main', pusher: 'dana', files: { 'web/index.html': 'many commits\n' }, padCommits: 2048 });
    expect(github.requestsTo(`/compare/${pushed.before}...${pushed.sha}`)).toHaveLength(1);
    expect(await webPipelineStarted(pushed.sha)).toBe(true);
    await until(async () => (await stateOf(webAt(pushed.sha)))?.status === 'succeeded', 'the compared push to be built');

    // A comparison GitHub cut short too (300 files) says too little: paths cannot rule the image out.
    github.padComparisons(300);
    try {
      const cut = await deliver(api, { branch: 'main', pusher: 'dana', files: { 'docs/more.md': 'words\n' }, padCommits: 2048 });
      expect(await webPipelineStarted(cut.sha)).toBe(true);
      await until(async () => (await stateOf(webAt(cut.sha)))?.status === 'succeeded', 'the cut-short push to be built');
    } finally {
      github.padComparisons(0);
    }
  });
});

describe('a pushed manifest is reported as a check run', () => {
  const checkRun = (sha: string) => github.checkRuns({ repository: api.fullName, name: MANIFEST_CHECK_NAME, headSha: sha });

  it('with an annotation at every problem, the tenant floor included, on the lines of the pushed file', async () => {
    const broken = ['version: 1', 'images:', '  web:', '    method: dockerfil', '    context: web', '    tags: ["{{commit}}"]', '    registry: elsewhere.example.com/team/web', ''].join('\n');
    const { sha } = await deliver(api, { branch: 'broken', pusher: 'dana', files: { '.imagefactory.yml': broken } });
    const [run] = checkRun(sha);
    expect(run).toMatchObject({ status: 'completed', conclusion: 'failure', head_sha: sha });
    expect(run.annotations.map((a) => [a.start_line, a.start_column, a.annotation_level]).sort()).toEqual([
      [4, 13, 'failure'],
      [6, 13, 'failure'],
      [7, 15, 'failure'],
    ]);
    expect(run.annotations.find((a) => a.start_line === 4)?.message).toContain('did you mean "dockerfile"');
    expect(run.annotations.find((a) => a.start_line === 7)?.message).toContain('not among the registries allowed');
    expect(run.output.summary).toContain('applies once it is merged there');
    // A delivery handled again writes no second check run.
    expect(checkRun(sha)).toHaveLength(1);
  });

  it('in batches of 50 when there are more problems than GitHub takes at once', async () => {
    const images = Object.fromEntries(Array.from({ length: 60 }, (_, i) => [`img${i}`, { method: 'nope' }]));
    const { sha } = await deliver(api, { branch: 'many-problems', pusher: 'dana', files: { '.imagefactory.yml': stringify({ version: 1, images }) } });
    const [run] = checkRun(sha);
    expect(run.conclusion).toBe('failure');
    expect(run.annotations).toHaveLength(60);
    const body = (r: { body?: unknown }) => r.body as { head_sha?: string; output: { annotations?: unknown[] } };
    const created = github.requests.filter((r) => r.method === 'POST' && r.path === `/repos/${api.fullName}/check-runs` && body(r).head_sha === sha);
    const updated = github.requests.filter((r) => r.method === 'PATCH' && r.path === `/repos/${api.fullName}/check-runs/${run.id}`);
    expect([...created, ...updated].map((r) => body(r).output.annotations?.length)).toEqual([50, 10]);
  });

  it('succeeds for a valid manifest, listing its images', async () => {
    const { sha } = await deliver(api, { branch: 'main', pusher: 'dana', files: { '.imagefactory.yml': `${manifest()}# tidied\n` } });
    const [run] = checkRun(sha);
    expect(run).toMatchObject({ conclusion: 'success', output: { title: '.imagefactory.yml is valid' } });
    expect(run.output.summary).toContain('| `web` | `dockerfile` | pushes to `main`, `release/*`; tags `v*`; when `web/**` change |');
  });
});

describe('pushes that change who holds which role', () => {
  const projectSource = `${org}/api:.imagefactory.yml`.toLowerCase();
  const tenantSource = `${org}/.imagefactory:tenant.yml`.toLowerCase();

  it("a change to roles: by someone who may not manage members is refused, answered on the commit and audited; one by a tenant-admin is in force", async () => {
    const refused = await deliver(api, { branch: 'main', pusher: 'dana', files: { '.imagefactory.yml': manifest({ 'build-engineer': ['dana'] }) } });
    const [comment] = github.commitComments({ repository: api.fullName, sha: refused.sha });
    expect(comment.body).toContain(`(commit ${refused.sha.slice(0, 7)}, by dana) was not applied`);
    expect((await events('roles.refused')).map((e) => [e.actor, (e.data as { commit: string }).commit])).toEqual([['dana', refused.sha]]);
    expect(await mappingRow(projectSource)).toBeUndefined();

    const accepted = await deliver(api, { branch: 'main', pusher: 'carol', files: { '.imagefactory.yml': manifest({ developer: ['dev2'] }) } });
    expect(await mappingRow(projectSource)).toMatchObject({ commitSha: accepted.sha, content: { roles: { developer: ['dev2'] } }, acceptedBy: 'carol' });
    expect((await events('roles.accepted')).map((e) => e.actor)).toEqual(['carol']);
    expect(github.commitComments({ repository: api.fullName, sha: accepted.sha })).toEqual([]);
  });

  it("a push to the organization's .imagefactory repository refreshes tenant.yml under the same rules", async () => {
    const tenantYml = (viewers: string[]) => stringify({ ...testTenantConfig(h.config.registry), roles: { ...testTenantConfig(h.config.registry).roles, viewer: viewers } });
    const accepted = await deliver(tenantRepo, { branch: 'main', pusher: 'carol', files: { 'tenant.yml': tenantYml(['vic', 'vera']) } });
    const row = await mappingRow(tenantSource);
    expect(row).toMatchObject({ commitSha: accepted.sha, acceptedBy: 'carol' });
    expect((row.content as { roles: Record<string, string[]> }).roles.viewer).toEqual(['vic', 'vera']);

    const refused = await deliver(tenantRepo, { branch: 'main', pusher: 'dana', files: { 'tenant.yml': tenantYml(['vic', 'vera', 'dana-friend']) } });
    expect(github.commitComments({ repository: tenantRepo.fullName, sha: refused.sha })[0].body).toContain('may not assign roles');
    expect((await mappingRow(tenantSource)).commitSha).toBe(accepted.sha);
  });
});
