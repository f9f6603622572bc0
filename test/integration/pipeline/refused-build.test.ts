import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { WorkflowFailedError } from '@temporalio/client';
import type { ApplicationFailure } from '@temporalio/common';
import { eq } from 'drizzle-orm';
import { buildLogs } from '../../../db/schema/build-logs.js';
import { withCrossTenantRead } from '../../../db/with-tenant.js';
import type { Manifest } from '../../../manifest/types.js';
import type { BuildState } from '../../../workflows/image-build-types.js';
import { startFactory, type FactoryHarness } from '../../helpers/factory-harness.js';
import { makeRepo } from '../../helpers/fixture-repo.js';
import { planImage, startImageBuild } from '../../helpers/pipeline-runner.js';
import { baseImage } from '../../helpers/registry.js';

let h: FactoryHarness;
beforeAll(async () => {
  h = await startFactory();
});
afterAll(async () => {
  await h?.stop();
});

describe('a build the engine refuses', () => {
  it('fails once, saying why, and is never retried', async () => {
    const repo = makeRepo(
      { 'secret.txt': 'not part of the context\n', 'img/Dockerfile': `FROM ${baseImage()}\nCOPY outside /outside\n` },
      { links: { 'img/outside': '../secret.txt' } },
    );
    const manifest: Manifest = { version: 1, images: { web: { method: 'dockerfile', context: 'img' } } };
    const input = planImage(h, repo, manifest, 'web');
    const handle = await startImageBuild(h, input);
    const failure = await handle.result().then(() => undefined, (e: unknown) => e);
    expect(failure).toBeInstanceOf(WorkflowFailedError);
    const cause = (failure as WorkflowFailedError).cause as ApplicationFailure;
    expect(cause.type).toBe('BuildFailed');
    const state = cause.details?.[0] as BuildState;

    expect(state.status).toBe('failed');
    expect(state.error).toContain('the engine refused the build of');
    expect(state.error).toContain('symbolic link leading outside it, which the engine will not unpack: outside -> ../secret.txt');
    expect(state.error).not.toContain('(HTTP code 500)');

    // One attempt: the engine was asked once, the log says so once.
    const history = await handle.fetchHistory();
    const started = (history.events ?? []).filter((e) => e.activityTaskStartedEventAttributes);
    const scheduled = (history.events ?? []).filter((e) => e.activityTaskScheduledEventAttributes?.activityType?.name === 'buildImage');
    expect(scheduled).toHaveLength(1);
    const buildStarted = started.filter((e) => e.activityTaskStartedEventAttributes?.scheduledEventId?.toString() === scheduled[0].eventId?.toString());
    expect(buildStarted.map((e) => e.activityTaskStartedEventAttributes?.attempt)).toEqual([1]);
    const log = await withCrossTenantRead(h.database.db, (tx) => tx.select().from(buildLogs).where(eq(buildLogs.buildId, input.buildId)));
    const lines = log.map((l) => l.line);
    expect(lines.filter((l) => l.startsWith('building '))).toHaveLength(1);
    expect(lines.some((l) => l.startsWith('attempt '))).toBe(false);
    expect(lines.filter((l) => l.includes('the engine refused the build of'))).toHaveLength(1);
  });
});
