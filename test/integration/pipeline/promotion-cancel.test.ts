import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { and, eq } from 'drizzle-orm';
import { auditEvents } from '../../../db/schema/audit-events.js';
import { withCrossTenantRead } from '../../../db/with-tenant.js';
import type { Manifest } from '../../../manifest/types.js';
import { cancelUpdate, statusQuery } from '../../../workflows/image-build.js';
import { startFactory, type FactoryHarness } from '../../helpers/factory-harness.js';
import { makeRepo } from '../../helpers/fixture-repo.js';
import { requests, startHoldingProxy, type HoldingProxy } from '../../helpers/holding-proxy.js';
import { putMappingsInForce, TEST_OWNER, testTenantConfig } from '../../helpers/mappings.js';
import { planImage, startImageBuild } from '../../helpers/pipeline-runner.js';
import { baseImage, testRegistryClient } from '../../helpers/registry.js';
import { until } from '../../helpers/until.js';

let h: FactoryHarness;
let proxy: HoldingProxy;
const tenantId = `tenant-promote-${Date.now().toString(36)}`;
beforeAll(async () => {
  h = await startFactory();
  // The promotion target is a registry host of its own, in front of the local registry, that holds the
  // promoted manifest's upload until the test lets it through: a promotion in the middle of its copy.
  proxy = await startHoldingProxy(h.config.registry, { match: requests('PUT', /-prod\/manifests\//), at: 'request' });
  await putMappingsInForce(h.database.db, { tenantId, owner: TEST_OWNER, tenant: { ...testTenantConfig(h.config.registry), registries: [h.config.registry, proxy.host] } });
});
afterAll(async () => {
  proxy?.release();
  await h?.stop();
  await proxy?.close();
});

describe('cancel while an image is being promoted', () => {
  it('is refused with "promotion in progress", and the promotion completes with every tag in place', async () => {
    const repo = makeRepo({ 'Dockerfile': `FROM ${baseImage()}\nRUN echo ${Math.random()} > /stamp\n` });
    const name = `promote-${Date.now().toString(36)}`;
    const manifest: Manifest = {
      version: 1,
      images: { app: { method: 'dockerfile', registry: `${h.config.registry}/imagefactory-test/${name}`, tags: ['{{sha}}', 'latest'], promote: { to: `${proxy.host}/imagefactory-test/${name}-prod` } } },
    };
    const input = planImage(h, repo, manifest, 'app', { tenantId, requestedBy: { login: 'bea', channel: 'cli' } });
    const handle = await startImageBuild(h, input);
    await until(() => proxy.held() > 0, 'the promoted manifest to reach the target');
    expect(await handle.query(statusQuery)).toMatchObject({ status: 'promoting', copying: `promoted to ${proxy.host}/imagefactory-test/${name}-prod` });

    const refused = await handle.executeUpdate(cancelUpdate, { args: [{ login: 'bea', channel: 'cli', reason: 'changed my mind' }] });
    expect(refused).toMatchObject({ ok: false, status: 'promoting' });
    expect(!refused.ok && refused.reason).toContain('promotion in progress');
    // A cancellation from Temporal itself waits for the copy too.
    await handle.cancel();

    proxy.release();
    const done = await handle.result();
    expect(done.status).toBe('succeeded');
    const target = `${h.config.registry}/imagefactory-test/${name}-prod`;
    for (const tag of [repo.sha, 'latest']) expect([tag, (await testRegistryClient().headManifest(`${target}:${tag}`))?.digest]).toEqual([tag, done.digest]);
    const cancels = await withCrossTenantRead(h.database.db, (tx) => tx.select().from(auditEvents).where(and(eq(auditEvents.buildId, input.buildId), eq(auditEvents.action, 'decision.cancel'))));
    expect(cancels.map((c) => [c.actor, c.decision])).toEqual([['bea', 'deny']]);
  });
});
