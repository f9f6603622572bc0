import type { Client } from '@temporalio/client';
import type { Worker } from '@temporalio/worker';
import { createActivities, type ActivityDeps } from '../activities/create-activities.js';
import { openActivityDeps } from '../activities/open-activity-deps.js';
import type { OpenDatabase } from '../db/database.js';
import { openDatabase } from '../db/open-database.js';
import type { Config } from './config.js';
import type { Logger } from './logger.js';
import { resolveTemporal, type TemporalEndpoint } from './temporal.js';
import { connectTemporalClient } from './temporal-connection.js';
import { ensureAuditCheckpointSchedule } from './audit-checkpoint-schedule.js';
import { scheduleClient, syncTenantSchedules } from './tenant-schedules.js';
import { createWorker } from './worker.js';

/** A worker and a client in this process, on real services: what `imagefactory run` and the tests use. */
export interface FactorySession {
  config: Config;
  temporal: TemporalEndpoint;
  database: OpenDatabase;
  deps: ActivityDeps;
  client: Client;
  worker: Worker;
  taskQueue: string;
  /** Stops the worker (letting running activities finish their current call), closes everything. */
  close(): Promise<void>;
}

export interface FactorySessionOptions {
  taskQueue?: string;
  /** An open database to use (and leave open). */
  database?: OpenDatabase;
  /** Where the worker's Temporal log goes (default stderr). */
  logger?: Logger;
  /** Sync every tenant's schedules (re-scans) for this task queue, as a long-lived worker does (`serve`). */
  tenantSchedules?: boolean;
}

export async function openFactorySession(config: Config, opts: FactorySessionOptions = {}): Promise<FactorySession> {
  const taskQueue = opts.taskQueue ?? config.taskQueue;
  const closers: (() => Promise<void>)[] = [];
  const close = async () => {
    for (const c of closers.reverse()) await c().catch(() => {});
  };
  try {
    // The database first: an embedded one another process holds refuses before any server is started.
    const database = opts.database ?? (await openDatabase(config, { migrate: true }));
    if (!opts.database) closers.push(() => database.close());
    const temporal = await resolveTemporal(config, 'start');
    closers.push(() => temporal.stop());
    const deps = await openActivityDeps(config, database.db);
    const { worker, connection: workerConnection } = await createWorker({ config, address: temporal.address, activities: createActivities(deps), taskQueue, logger: opts.logger });
    const running = worker.run();
    closers.push(async () => {
      if (worker.getState() === 'RUNNING') worker.shutdown();
      await running;
      await workerConnection.close();
    });
    await ensureAuditCheckpointSchedule(workerConnection, { ...config, taskQueue });
    if (opts.tenantSchedules) {
      await syncTenantSchedules({ client: scheduleClient(workerConnection, config), db: database.db, governance: deps.governance, taskQueue, rescanIntervalMs: config.rescanIntervalMs, digestIntervalMs: config.digestIntervalMs });
    }
    const client = await connectTemporalClient(config, temporal.address);
    closers.push(() => client.connection.close());
    return { config: { ...config, taskQueue }, temporal, database, deps, client, worker, taskQueue, close };
  } catch (err) {
    await close();
    throw err;
  }
}
