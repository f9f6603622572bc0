import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { eq } from 'drizzle-orm';
import { auditEvents } from '../../../db/schema/audit-events.js';
import { quarantines } from '../../../db/schema/quarantines.js';
import { withCrossTenantRead } from '../../../db/with-tenant.js';
import type { Manifest } from '../../../manifest/types.js';
import { releaseUpdate } from '../../../workflows/image-build.js';
import { startFactory, type FactoryHarness } from '../../helpers/factory-harness.js';
import { makeRepo } from '../../helpers/fixture-repo.js';
import { planImage, startImageBuild, waitForState } from '../../helpers/pipeline-runner.js';
import { baseImage, testRegistryClient, uniqueRepository } from '../../helpers/registry.js';

let h: FactoryHarness;
beforeAll(async () => {
  h = await startFactory();
});
afterAll(async () => {
  await h?.stop();
});

const asker = (login: string) => ({ login, channel: 'cli' as const });

describe('an image holding a planted cloud credential', () => {
  it('is quarantined, never published under its release tags, and released only by a security reviewer', async () => {
    const repo = makeRepo({
      // The key id is assembled at build time so no credential-shaped string is committed.
      'Dockerfile': `FROM ${baseImage()}\nRUN mkdir -p /app/config && printf '[default]\\naws_access_key_id = %s%s\\n' AKIA 2E0A8F3B244C9986 > /app/config/credentials\n`,
    });
    const release = uniqueRepository('secret');
    const manifest: Manifest = {
      version: 1,
      images: { api: { method: 'dockerfile', registry: release, scan: { on_missing_db: 'warn' }, promote: { to: `${release}-prod` } } },
    };
    const input = planImage(h, repo, manifest, 'api', { requestedBy: { login: 'dana', channel: 'cli' } });
    const handle = await startImageBuild(h, input);
    const held = await waitForState(h, input.buildId, (s) => s.status === 'quarantined');

    expect(held.verdict?.reasons.join(' ')).toMatch(/secret found: aws-access-key-id in \/app\/config\/credentials/);
    const registry = testRegistryClient();
    expect(held.quarantinedAt).toMatch(/imagefactory-quarantine/);
    expect(await registry.headManifest(held.quarantinedAt!)).toBeDefined();
    expect(await registry.headManifest(`${release}:${repo.sha}`)).toBeUndefined();
    expect(await registry.listTags(release).catch(() => [])).toEqual([]);

    const refused = await handle.executeUpdate(releaseUpdate, { args: [asker('dana')] });
    expect(refused).toMatchObject({ ok: false, status: 'quarantined' });
    expect(!refused.ok && refused.reason).toMatch(/developer may not/);
    expect(!refused.ok && refused.reason).toMatch(/security-reviewer/);

    const released = await handle.executeUpdate(releaseUpdate, { args: [asker('sam')] });
    expect(released).toMatchObject({ ok: true });
    const again = await handle.executeUpdate(releaseUpdate, { args: [asker('sue')] });
    expect(again.ok).toBe(false);
    expect(!again.ok && again.reason).toMatch(/already released from quarantine by sam|not possible while/);
    const done = await handle.result();
    expect(done.status).toBe('succeeded');
    expect((await registry.headManifest(`${release}-prod:${repo.sha}`))?.digest).toBe(done.digest);

    const [q] = await withCrossTenantRead(h.database.db, (tx) => tx.select().from(quarantines).where(eq(quarantines.buildId, input.buildId)));
    expect(q).toMatchObject({ status: 'released', decidedBy: 'sam' });
    const decisions = await withCrossTenantRead(h.database.db, (tx) =>
      tx.select({ actor: auditEvents.actor, decision: auditEvents.decision }).from(auditEvents).where(eq(auditEvents.action, 'decision.release')),
    );
    expect(decisions).toEqual(expect.arrayContaining([{ actor: 'dana', decision: 'deny' }, { actor: 'sam', decision: 'allow' }]));
  });
});
