import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { eq } from 'drizzle-orm';
import { builds } from '../../../db/schema/builds.js';
import { verifyAuditChain } from '../../../db/verify-audit-chain.js';
import { withCrossTenantRead } from '../../../db/with-tenant.js';
import { auditEvents } from '../../../db/schema/audit-events.js';
import type { Manifest } from '../../../manifest/types.js';
import { startFactory, type FactoryHarness } from '../../helpers/factory-harness.js';
import { makeRepo } from '../../helpers/fixture-repo.js';
import { planImage, startImageBuild } from '../../helpers/pipeline-runner.js';
import { baseImage, testRegistryClient, uniqueRepository } from '../../helpers/registry.js';

let h: FactoryHarness;
beforeAll(async () => {
  h = await startFactory();
});
afterAll(async () => {
  await h?.stop();
});

describe('a build that passes its scan', () => {
  it('is built, published under its tags, promoted by digest and audited', async () => {
    const repo = makeRepo({
      'Dockerfile': `FROM ${baseImage()}\nARG GREETING=hi\nRUN echo "$GREETING from the factory" > /greeting.txt\n`,
    });
    const release = uniqueRepository('web');
    const manifest: Manifest = {
      version: 1,
      images: {
        web: {
          method: 'dockerfile',
          build_args: { GREETING: 'hello' },
          tags: ['{{sha}}', '{{branch}}'],
          registry: release,
          scan: { on_missing_db: 'warn' },
          promote: { to: `${release}-release` },
        },
      },
    };
    const input = planImage(h, repo, manifest, 'web');
    const handle = await startImageBuild(h, input);
    const state = await handle.result();

    expect(state.status).toBe('succeeded');
    expect(state.tags).toEqual([repo.sha, 'main']);
    expect(state.digest).toMatch(/^sha256:[0-9a-f]{64}$/);
    expect(state.verdict?.warnings.join(' ')).toContain('vulnerabilities not scanned: no database');
    const registry = testRegistryClient();
    expect((await registry.headManifest(`${release}:main`))?.digest).toBe(state.digest);
    expect((await registry.headManifest(`${release}-release:${repo.sha}`))?.digest).toBe(state.digest);
    expect(state.promotedTo).toBe(`${release}-release@${state.digest}`);

    const rows = await withCrossTenantRead(h.database.db, (tx) => tx.select().from(builds).where(eq(builds.id, input.buildId)));
    expect(rows[0]).toMatchObject({ status: 'succeeded', digest: state.digest, tenantId: 'tenant-test' });
    const actions = (await withCrossTenantRead(h.database.db, (tx) => tx.select({ action: auditEvents.action }).from(auditEvents).where(eq(auditEvents.buildId, input.buildId)))).map((r) => r.action);
    expect(actions).toEqual(expect.arrayContaining(['build.requested', 'build.building', 'image.pushed', 'build.scanning', 'image.scanned', 'image.published', 'build.promoting', 'image.promoted', 'build.succeeded']));
    expect(await verifyAuditChain(h.database.db, { tenantId: 'tenant-test' })).toMatchObject({ ok: true });
  });
});
