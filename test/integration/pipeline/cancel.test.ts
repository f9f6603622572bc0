import { execFileSync } from 'node:child_process';
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { WorkflowFailedError } from '@temporalio/client';
import { CancelledFailure } from '@temporalio/common';
import { eq } from 'drizzle-orm';
import { builds } from '../../../db/schema/builds.js';
import { withCrossTenantRead } from '../../../db/with-tenant.js';
import type { Manifest } from '../../../manifest/types.js';
import { cancelUpdate } from '../../../workflows/image-build.js';
import { startFactory, type FactoryHarness } from '../../helpers/factory-harness.js';
import { makeRepo } from '../../helpers/fixture-repo.js';
import { planImage, startImageBuild } from '../../helpers/pipeline-runner.js';
import { baseImage, uniqueRepository } from '../../helpers/registry.js';

let h: FactoryHarness;
beforeAll(async () => {
  h = await startFactory();
});
afterAll(async () => {
  await h?.stop();
});

const sleepers = (marker: string) => {
  try {
    return execFileSync('pgrep', ['-f', `sleep ${marker}`], { encoding: 'utf8' }).trim().split('\n').filter(Boolean);
  } catch {
    return [];
  }
};

async function until<T>(probe: () => T | Promise<T>, ok: (v: T) => boolean, ms = 60_000): Promise<T> {
  const deadline = Date.now() + ms;
  for (;;) {
    const v = await probe();
    if (ok(v) || Date.now() > deadline) return v;
    await new Promise((r) => setTimeout(r, 200));
  }
}

describe('cancelling a build', () => {
  it('stops the running builder process and ends the build as cancelled', async () => {
    const seconds = String(600 + Math.floor(Math.random() * 300));
    const repo = makeRepo({ 'Dockerfile': `FROM ${baseImage()}\nRUN sleep ${seconds}\n` });
    const manifest: Manifest = { version: 1, images: { slow: { method: 'dockerfile', registry: uniqueRepository('slow') } } };
    const input = planImage(h, repo, manifest, 'slow', { requestedBy: { login: 'bea', channel: 'cli' } });
    const handle = await startImageBuild(h, input);
    expect(await until(() => sleepers(seconds), (p) => p.length > 0)).not.toEqual([]);

    const viewer = await handle.executeUpdate(cancelUpdate, { args: [{ login: 'vic', channel: 'cli' }] });
    expect(viewer.ok).toBe(false);
    const other = await handle.executeUpdate(cancelUpdate, { args: [{ login: 'ben', channel: 'cli' }] });
    expect(!other.ok && other.reason).toMatch(/only if they authored it/);
    const own = await handle.executeUpdate(cancelUpdate, { args: [{ login: 'bea', channel: 'cli', reason: 'wrong branch' }] });
    expect(own).toMatchObject({ ok: true });

    const err = await handle.result().then(() => undefined, (e: unknown) => e);
    expect(err).toBeInstanceOf(WorkflowFailedError);
    expect((err as WorkflowFailedError).cause).toBeInstanceOf(CancelledFailure);
    expect(await until(() => sleepers(seconds), (p) => p.length === 0, 15_000)).toEqual([]);
    const [row] = await withCrossTenantRead(h.database.db, (tx) => tx.select().from(builds).where(eq(builds.id, input.buildId)));
    expect(row).toMatchObject({ status: 'cancelled', error: 'cancelled by bea' });
  });
});
