import { randomBytes } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import type { Client } from '@temporalio/client';
import { appendAuditEvent } from '../../../db/append-audit-event.js';
import { ensureTenant } from '../../../db/ensure-tenant.js';
import type { AuditEvent } from '../../../db/schema/index.js';
import { verifyAuditCheckpoints } from '../../../db/verify-audit-checkpoints.js';
import { withTenant } from '../../../db/with-tenant.js';
import { checkpointScheduleId, ensureAuditCheckpointSchedule } from '../../../lib/audit-checkpoint-schedule.js';
import { loadConfig } from '../../../lib/config.js';
import { connectTemporalClient } from '../../../lib/temporal-connection.js';
import { connect, type TestDb } from '../db/db-fixtures.js';
import { startFactory, type FactoryHarness } from '../../helpers/factory-harness.js';
import { publicKeyOf, runAuditSigner } from '../../helpers/test-audit-key.js';
import { createTestDatabase, type TestDatabase } from '../../helpers/test-database.js';
import { startWorkerProcess, type WorkerProcess } from '../../helpers/worker-process.js';

// Checkpoints are counted in a database of their own: the schedule signs every tenant it finds.
let database: TestDatabase;
let t: TestDb;
let client: Client;
let worker: WorkerProcess | undefined;
let factory: FactoryHarness | undefined;
const address = () => process.env.TEMPORAL_ADDRESS!;
const queue = (label: string) => `test-${label}-${Date.now().toString(36)}-${randomBytes(3).toString('hex')}`;

beforeAll(async () => {
  database = await createTestDatabase('checkpoint_schedule');
  t = connect(database);
  client = await connectTemporalClient(loadConfig(), address());
});
afterAll(async () => {
  await worker?.kill('SIGTERM');
  await factory?.stop();
  await client?.connection.close();
  await t?.close();
  await database?.drop();
});

async function waitFor<T>(what: string, probe: () => Promise<T | undefined>, ms = 90_000): Promise<T> {
  const deadline = Date.now() + ms;
  for (;;) {
    const value = await probe();
    if (value !== undefined) return value;
    if (Date.now() > deadline) throw new Error(`gave up waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 250));
  }
}

describe('the audit checkpoint schedule, on the real Temporal server', () => {
  it('exists once `imagefactory worker` starts, and a triggered run writes a checkpoint of the moved head', async () => {
    const taskQueue = queue('cp-worker');
    worker = startWorkerProcess({
      DATABASE_URL: database.url,
      DATABASE_OWNER_URL: database.ownerUrl,
      TEMPORAL_ADDRESS: address(),
      IMAGEFACTORY_TASK_QUEUE: taskQueue,
      IMAGEFACTORY_AUDIT_KEY: process.env.IMAGEFACTORY_AUDIT_KEY!,
    });
    await worker.ready;
    const handle = client.schedule.getHandle(checkpointScheduleId(taskQueue));
    const described = await handle.describe();
    expect(described.spec.intervals).toEqual([expect.objectContaining({ every: 3_600_000 })]);
    expect(described.action).toMatchObject({ type: 'startWorkflow', workflowType: 'auditCheckpoint', taskQueue });

    await ensureTenant(t.db, { id: 'sched-a', name: 'a' });
    let head: AuditEvent | undefined;
    for (let i = 1; i <= 3; i += 1) head = await withTenant(t.db, 'sched-a', (tx) => appendAuditEvent(tx, { actor: 'alice', action: `step.${i}` }));
    const { rows: before } = await t.admin.query("SELECT count(*)::int AS n FROM audit_checkpoints WHERE tenant_id = 'sched-a'");
    expect(before[0].n).toBe(0);

    await handle.trigger();
    const row = await waitFor('the scheduled checkpoint', async () => {
      const { rows } = await t.admin.query("SELECT seq, hash, key_id FROM audit_checkpoints WHERE tenant_id = 'sched-a'");
      return rows[0] as { seq: string; hash: string; key_id: string } | undefined;
    });
    const signer = await runAuditSigner();
    expect(row).toEqual({ seq: '3', hash: head!.hash, key_id: signer.keyId });
    const verified = await verifyAuditCheckpoints(t.db, { tenantId: 'sched-a', publicKeys: [await publicKeyOf(process.env.IMAGEFACTORY_AUDIT_KEY!)] });
    expect(verified).toEqual({ checked: 1, tenants: 1, uncovered: [], problems: [] });
    await worker.kill('SIGTERM');
    worker = undefined;
  });

  it('is made by the in-process worker too, every IMAGEFACTORY_CHECKPOINT_INTERVAL, and updated in place when the interval changes', async () => {
    factory = await startFactory({ DATABASE_URL: database.url, DATABASE_OWNER_URL: database.ownerUrl, IMAGEFACTORY_CHECKPOINT_INTERVAL: '30m' });
    const handle = client.schedule.getHandle(checkpointScheduleId(factory.taskQueue));
    expect((await handle.describe()).spec.intervals).toEqual([expect.objectContaining({ every: 1_800_000 })]);

    const config = { ...loadConfig(), taskQueue: factory.taskQueue };
    expect(await ensureAuditCheckpointSchedule(client.connection, { ...config, checkpointIntervalMs: 1_800_000 })).toMatchObject({ outcome: 'unchanged' });
    expect(await ensureAuditCheckpointSchedule(client.connection, { ...config, checkpointIntervalMs: 600_000 })).toMatchObject({ outcome: 'updated' });
    const updated = await handle.describe();
    expect(updated.spec.intervals).toEqual([expect.objectContaining({ every: 600_000 })]);
    expect(updated.action).toMatchObject({ workflowType: 'auditCheckpoint', taskQueue: factory.taskQueue });
  });
});
