import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { WorkflowFailedError } from '@temporalio/client';
import type { ApplicationFailure } from '@temporalio/common';
import { and, eq } from 'drizzle-orm';
import { PlanError } from '../../../builds/plan-builds.js';
import { auditEvents } from '../../../db/schema/audit-events.js';
import { withCrossTenantRead } from '../../../db/with-tenant.js';
import type { Manifest } from '../../../manifest/types.js';
import { imageBuild, releaseUpdate } from '../../../workflows/image-build.js';
import type { BuildState, ImageBuildInput } from '../../../workflows/image-build-types.js';
import { startFactory, type FactoryHarness } from '../../helpers/factory-harness.js';
import { makeRepo } from '../../helpers/fixture-repo.js';
import { putMappingsInForce, TEST_OWNER, testTenantConfig } from '../../helpers/mappings.js';
import { planImage, startImageBuild, waitForState } from '../../helpers/pipeline-runner.js';
import { baseImage, testRegistryClient, uniqueRepository } from '../../helpers/registry.js';

let h: FactoryHarness;
beforeAll(async () => {
  h = await startFactory();
});
afterAll(async () => {
  await h?.stop();
});

const events = (buildId: string, action: string) =>
  withCrossTenantRead(h.database.db, (tx) => tx.select().from(auditEvents).where(and(eq(auditEvents.buildId, buildId), eq(auditEvents.action, action))).orderBy(auditEvents.seq));

async function failure(result: Promise<unknown>): Promise<{ type: string | undefined; state: BuildState }> {
  const err = await result.then(() => undefined, (e: unknown) => e);
  expect(err).toBeInstanceOf(WorkflowFailedError);
  const cause = (err as WorkflowFailedError).cause as ApplicationFailure;
  return { type: cause.type ?? undefined, state: cause.details?.[0] as BuildState };
}

const simple = (release: string, extra: Partial<Manifest['images'][string]> = {}): Manifest => ({ version: 1, images: { app: { method: 'dockerfile', registry: release, ...extra } } });

describe('the worker admits every build itself', () => {
  it('refuses a build started around the CLI whose manifest loosens the tenant floor, and pushes nothing', async () => {
    const repo = makeRepo({ 'Dockerfile': `FROM ${baseImage()}\n# ${Math.random()}\n` });
    const release = uniqueRepository('loose');
    const input = planImage(h, repo, simple(release, { scan: { allow_secrets: true } }), 'app');
    const { state } = await failure((await startImageBuild(h, input)).result());
    expect(state.status).toBe('failed');
    expect(state.error).toBe("refused: allow_secrets: true is not allowed: tenant.yml policies.scan.default quarantines images holding secrets (the tenant's floor (tenant.yml))");
    const [requested] = await events(input.buildId, 'build.requested');
    expect(requested).toMatchObject({ actor: 'alice', decision: 'deny', data: { roles: ['build-engineer'], source: "the tenant's floor (tenant.yml)" } });
    expect(await events(input.buildId, 'image.pushed')).toEqual([]);
    expect(await testRegistryClient().listTags(release.replace('/imagefactory-test/', '/imagefactory-staging/imagefactory-test/')).catch(() => [])).toEqual([]);
  });

  it('refuses a requester the mappings in force give no right to build', async () => {
    const repo = makeRepo({ 'Dockerfile': `FROM ${baseImage()}\n# ${Math.random()}\n` });
    const input = planImage(h, repo, simple(uniqueRepository('viewer')), 'app', { requestedBy: { login: 'vic', channel: 'github' } });
    const { state } = await failure((await startImageBuild(h, input)).result());
    expect(state.error).toMatch(/^refused: viewer may not create a build/);
    expect((await events(input.buildId, 'build.requested'))[0]).toMatchObject({ actor: 'vic', decision: 'deny', data: { channel: 'github', roles: ['viewer'] } });
  });

  it('refuses a destination the tenant no longer allows when the image is copied, and audits it', async () => {
    const tenantId = `tenant-moving-${Date.now().toString(36)}`;
    await putMappingsInForce(h.database.db, { tenantId, owner: TEST_OWNER, tenant: testTenantConfig(h.config.registry) });
    const repo = makeRepo({ 'Dockerfile': `FROM ${baseImage()}\nRUN mkdir -p /app && printf 'aws_access_key_id = %s%s\\n' AKIA 2E0A8F3B244C9986 > /app/credentials\n` });
    const release = uniqueRepository('moving');
    const input = planImage(h, repo, simple(release), 'app', { tenantId });
    const handle = await startImageBuild(h, input);
    await waitForState(h, input.buildId, (s) => s.status === 'quarantined');

    // tenant.yml changes while the image waits: its release repository is no longer allowed.
    await putMappingsInForce(h.database.db, { tenantId, owner: TEST_OWNER, tenant: { ...testTenantConfig(h.config.registry), registries: [`${h.config.registry}/elsewhere`] } });
    expect(await handle.executeUpdate(releaseUpdate, { args: [{ login: 'sam', channel: 'cli' }] })).toMatchObject({ ok: true });
    const { type, state } = await failure(handle.result());
    expect(type).toBe('BuildFailed');
    expect(state.error).toBe(`refused: ${release} is not among the registries allowed by tenant.yml (${h.config.registry}/elsewhere) (tenant.yml registries)`);
    expect((await events(input.buildId, 'image.refused'))[0]).toMatchObject({ decision: 'deny', data: { destination: release } });
    expect(await testRegistryClient().listTags(release).catch(() => [])).toEqual([]);
  });
});

describe('a retry is admitted by the worker as Retry Build', () => {
  it("refuses a developer's retry, started straight at Temporal, of a build someone else started, and lets its author retry it", async () => {
    const repo = makeRepo({ 'Dockerfile': `FROM ${baseImage()}\n# ${Math.random()}\n` });
    const input = planImage(h, repo, simple(uniqueRepository('retry')), 'app');
    expect((await (await startImageBuild(h, input)).result()).status).toBe('succeeded');
    const retryBy = (login: string): ImageBuildInput => ({ ...input, requestedBy: { login, channel: 'github' }, trigger: 'retry', retry: true, requestedAt: new Date().toISOString() });

    // dana (a developer) may create builds, but retry only her own: alice started this one.
    for (let attempt = 0; attempt < 2; attempt++) {
      const { state } = await failure((await startImageBuild(h, retryBy('dana'))).result());
      expect(state.error).toMatch(/^refused: developer may retry a build only if they authored it/);
    }
    const refused = (await events(input.buildId, 'build.requested')).slice(1);
    expect(refused.map((e) => e.decision)).toEqual(['deny', 'deny']);
    expect(refused[1]).toMatchObject({ actor: 'dana', data: { action: 'retry-build', author: 'alice', roles: ['developer'] } });

    expect((await (await startImageBuild(h, retryBy('alice'))).result()).status).toBe('succeeded');
    const [allowed] = (await events(input.buildId, 'build.requested')).slice(3);
    expect(allowed).toMatchObject({ actor: 'alice', decision: 'allow', data: { action: 'retry-build', author: 'alice' } });
  });
});

describe('a rebuild is a new build', () => {
  it('is audited in full again, though the image has the same digest', async () => {
    const repo = makeRepo({ 'Dockerfile': `FROM ${baseImage()}\nRUN echo ${Date.now()} > /stamp\n` });
    const input = planImage(h, repo, simple(uniqueRepository('rebuild')), 'app');
    const first = await (await startImageBuild(h, input)).result();
    const second = await (await h.client.workflow.start(imageBuild, { taskQueue: h.taskQueue, workflowId: input.buildId, args: [input] })).result();
    expect(second.digest).toBe(first.digest);
    for (const action of ['build.requested', 'image.pushed', 'image.scanned', 'image.published', 'build.succeeded']) {
      expect([action, (await events(input.buildId, action)).length]).toEqual([action, 2]);
    }
  });
});

describe('a build never hangs on its own input', () => {
  it('refuses a bad duration when planning, and fails the build naming it when started anyway', async () => {
    const repo = makeRepo({ 'Dockerfile': `FROM ${baseImage()}\n# ${Math.random()}\n` });
    expect(() => planImage(h, repo, simple(uniqueRepository('durations')), 'app', { timeouts: { build: 'soon' } })).toThrow(PlanError);
    const input = { ...planImage(h, repo, simple(uniqueRepository('durations')), 'app'), timeouts: { heartbeat: '0s' } };
    const { state } = await failure((await startImageBuild(h, input)).result());
    expect(state.error).toBe('timeouts.heartbeat "0s" is not a duration longer than zero: write a number and a unit (ms, s, m, h, d), such as 30s or 1h');
  });
});
