import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import type { Client } from '@temporalio/client';
import { and, eq } from 'drizzle-orm';
import { openDatabase } from '../../../db/open-database.js';
import type { OpenDatabase } from '../../../db/database.js';
import { auditEvents } from '../../../db/schema/audit-events.js';
import { buildLogs } from '../../../db/schema/build-logs.js';
import { withCrossTenantRead } from '../../../db/with-tenant.js';
import { loadConfig } from '../../../lib/config.js';
import { planBuilds } from '../../../builds/plan-builds.js';
import { connectTemporalClient } from '../../../lib/temporal-connection.js';
import { startPipeline } from '../../../builds/start-pipeline.js';
import type { Manifest } from '../../../manifest/types.js';
import { imageBuild, statusQuery } from '../../../workflows/image-build.js';
import { makeRepo } from '../../helpers/fixture-repo.js';
import { putMappingsInForce, testTenantConfig } from '../../helpers/mappings.js';
import { baseImage, testRegistryClient, uniqueRepository } from '../../helpers/registry.js';
import { startWorkerProcess, type WorkerProcess } from '../../helpers/worker-process.js';

const config = loadConfig();
let client: Client;
let database: OpenDatabase;
const workers: WorkerProcess[] = [];
beforeAll(async () => {
  client = await connectTemporalClient(config, config.temporalAddress!);
  database = await openDatabase(config);
  await putMappingsInForce(database.db, { tenantId: 'tenant-restart', owner: 'acme', tenant: testTenantConfig(config.registry) });
});
afterAll(async () => {
  await Promise.all(workers.map((w) => w.kill()));
  await client?.connection.close();
  await database?.close();
});

function plan(manifest: Manifest, repo: { dir: string; sha: string }, name: string, images?: string[]) {
  return planBuilds({
    tenantId: 'tenant-restart',
    repository: `acme/${name}`,
    sourceUrl: `file://${repo.dir}`,
    manifest,
    commit: { sha: repo.sha, ref: 'refs/heads/main', branch: 'main', dirty: false },
    source: { kind: 'local', path: repo.dir },
    requestedBy: { login: 'bea', channel: 'cli' },
    trigger: 'test',
    requestedAt: new Date(),
    defaultRegistry: config.registry,
    timeouts: { heartbeat: '3s' },
    images,
  });
}

const events = (buildId: string, action: string) =>
  withCrossTenantRead(database.db, (tx) => tx.select().from(auditEvents).where(and(eq(auditEvents.buildId, buildId), eq(auditEvents.action, action))));

describe('durability', () => {
  it('finishes a build once, pushed once, when its worker is killed mid-build and another takes over', async () => {
    const taskQueue = `restart-${Date.now().toString(36)}`;
    const repo = makeRepo({ 'Dockerfile': `FROM ${baseImage()}\nRUN sleep 5 && echo ${taskQueue} > /stamp\n` });
    const release = uniqueRepository('restart');
    const manifest: Manifest = { version: 1, images: { app: { method: 'dockerfile', registry: release, scan: { on_missing_db: 'warn' } } } };
    const p = plan(manifest, repo, taskQueue);
    const input = p.input.builds[0];
    const env = { IMAGEFACTORY_TASK_QUEUE: taskQueue, TEMPORAL_ADDRESS: config.temporalAddress!, DATABASE_URL: config.databaseUrl! };

    const first = startWorkerProcess(env);
    workers.push(first);
    await first.ready;
    const handle = await client.workflow.start(imageBuild, { taskQueue, workflowId: input.buildId, args: [input] });
    for (;;) {
      const logged = await withCrossTenantRead(database.db, (tx) => tx.select().from(buildLogs).where(eq(buildLogs.buildId, input.buildId)));
      if (logged.some((l) => l.line.includes('RUN sleep 5'))) break;
      await new Promise((r) => setTimeout(r, 100));
    }
    await first.kill('SIGKILL');

    const second = startWorkerProcess(env);
    workers.push(second);
    await second.ready;
    const state = await handle.result();
    expect(state.status).toBe('succeeded');

    const log = await withCrossTenantRead(database.db, (tx) => tx.select().from(buildLogs).where(eq(buildLogs.buildId, input.buildId)));
    expect(log.some((l) => /^attempt 2/.test(l.line))).toBe(true);
    expect(await events(input.buildId, 'image.pushed')).toHaveLength(1);
    expect(await events(input.buildId, 'build.succeeded')).toHaveLength(1);
    expect(await testRegistryClient().listTags(release)).toEqual([repo.sha]);
    expect(await handle.query(statusQuery)).toMatchObject({ status: 'succeeded', digest: state.digest });
  });

  it('starts one pipeline when the same start is sent twice, however many images, however long their names', async () => {
    const repo = makeRepo({ 'Dockerfile': `FROM ${baseImage()}\n` });
    const names = Array.from({ length: 40 }, (_, i) => `image-${i}-${'n'.repeat(56)}`);
    const many: Manifest = { version: 1, images: Object.fromEntries(names.map((n) => [n, { method: 'dockerfile' as const }])) };
    const p = plan(many, repo, `twice-${Date.now().toString(36)}`, names);
    expect(p.pipelineId.length).toBeLessThan(200);
    const queue = `nobody-${Date.now().toString(36)}`; // no worker: both starts find it running
    const [one, two] = await Promise.all([startPipeline(client, queue, p), startPipeline(client, queue, p)]);
    expect(one.handle.firstExecutionRunId).toBe(two.handle.firstExecutionRunId);
    expect([one.started, two.started].sort()).toEqual([false, true]); // one started it, the other joined
    const again = await startPipeline(client, queue, p);
    expect(again.started).toBe(false);
    expect(again.handle.firstExecutionRunId).toBe(one.handle.firstExecutionRunId);
    await one.handle.terminate('test done');
  });
});
