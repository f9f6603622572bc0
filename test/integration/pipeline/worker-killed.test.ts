import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { and, eq } from 'drizzle-orm';
import { planBuilds } from '../../../builds/plan-builds.js';
import type { OpenDatabase } from '../../../db/database.js';
import { openDatabase } from '../../../db/open-database.js';
import { auditEvents } from '../../../db/schema/audit-events.js';
import { withCrossTenantRead } from '../../../db/with-tenant.js';
import { loadConfig } from '../../../lib/config.js';
import { connectTemporalClient } from '../../../lib/temporal-connection.js';
import type { Manifest } from '../../../manifest/types.js';
import { imageBuild, statusQuery } from '../../../workflows/image-build.js';
import { makeRepo } from '../../helpers/fixture-repo.js';
import { requests, startHoldingProxy, type HoldingProxy } from '../../helpers/holding-proxy.js';
import { putMappingsInForce, testTenantConfig } from '../../helpers/mappings.js';
import { baseImage, manifestPuts } from '../../helpers/registry.js';
import { until } from '../../helpers/until.js';
import { startWorkerProcess, type WorkerProcess } from '../../helpers/worker-process.js';

const config = loadConfig();
const tenantId = `tenant-killed-${Date.now().toString(36)}`;
let client: Awaited<ReturnType<typeof connectTemporalClient>>;
let database: OpenDatabase;
let proxy: HoldingProxy;
const workers: WorkerProcess[] = [];
beforeAll(async () => {
  client = await connectTemporalClient(config, config.temporalAddress!);
  database = await openDatabase(config);
  // The image goes to a registry host of its own, in front of the local registry: the test holds a push or
  // a scan there while it kills the worker doing it.
  proxy = await startHoldingProxy(config.registry);
  await putMappingsInForce(database.db, { tenantId, owner: 'acme', tenant: { ...testTenantConfig(config.registry), registries: [proxy.host] } });
});
afterAll(async () => {
  proxy?.release();
  await Promise.all(workers.map((w) => w.kill()));
  await client?.connection.close();
  await database?.close();
  await proxy?.close();
});

const events = (buildId: string, action: string) =>
  withCrossTenantRead(database.db, (tx) => tx.select().from(auditEvents).where(and(eq(auditEvents.buildId, buildId), eq(auditEvents.action, action))));

describe('a worker killed while pushing, and another killed while scanning', () => {
  it('ends the build once, with one manifest upload per tag at the registry', async () => {
    const taskQueue = `killed-${Date.now().toString(36)}`;
    const name = `killed-${Date.now().toString(36)}`;
    const repo = makeRepo({ 'Dockerfile': `FROM ${baseImage()}\nRUN echo ${taskQueue} > /stamp\n` });
    const manifest: Manifest = { version: 1, images: { app: { method: 'dockerfile', registry: `${proxy.host}/imagefactory-test/${name}`, tags: ['{{sha}}', 'stable'] } } };
    const plan = planBuilds({
      tenantId,
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
    });
    const input = plan.input.builds[0];
    const env = { IMAGEFACTORY_TASK_QUEUE: taskQueue };
    const worker = () => {
      const w = startWorkerProcess(env);
      workers.push(w);
      return w;
    };

    // 1. The registry stores the candidate's manifest, but its answer to the pusher is held: the worker dies mid-push.
    proxy.arm({ match: requests('PUT', /\/imagefactory-staging\/.*\/manifests\//), at: 'response' });
    const first = worker();
    await first.ready;
    const handle = await client.workflow.start(imageBuild, { taskQueue, workflowId: input.buildId, args: [input] });
    await until(() => proxy.held() > 0, 'the candidate push to reach the registry');
    await first.kill('SIGKILL');

    // 2. The next worker finds the candidate already there and scans it; it dies while Trivy reads the image.
    proxy.arm({ match: requests('GET', /\/imagefactory-staging\//, /trivy/), at: 'request' });
    proxy.release();
    proxy.arm({ match: requests('GET', /\/imagefactory-staging\//, /trivy/), at: 'request' });
    const second = worker();
    await second.ready;
    await until(() => proxy.held() > 0, 'the scan to read the candidate');
    expect((await handle.query(statusQuery)).status).toBe('scanning');
    await second.kill('SIGKILL');
    proxy.release();

    // 3. A third worker finishes the build.
    const third = worker();
    await third.ready;
    const state = await handle.result();
    expect(state.status).toBe('succeeded');

    const staged = manifestPuts(`imagefactory-staging/imagefactory-test/${name}`);
    expect([...staged.entries()]).toEqual([[input.buildKey, 1]]);
    // The release copy writes the manifest once by its digest, then each tag once.
    const released = manifestPuts(`imagefactory-test/${name}`);
    expect(Object.fromEntries(released)).toEqual({ [state.digest!]: 1, [repo.sha]: 1, stable: 1 });
    expect(await events(input.buildId, 'build.succeeded')).toHaveLength(1);
    expect(await events(input.buildId, 'image.scanned')).toHaveLength(1);
  });
});
