import { randomBytes } from 'node:crypto';
import { Client, Connection } from '@temporalio/client';
import type { Worker } from '@temporalio/worker';
import { createActivities } from '../../activities/create-activities.js';
import { openActivityDeps } from '../../activities/open-activity-deps.js';
import type { ActivityDeps } from '../../activities/create-activities.js';
import type { OpenDatabase } from '../../db/database.js';
import { openDatabase } from '../../db/open-database.js';
import { loadConfig, type Config } from '../../lib/config.js';
import { createWorker } from '../../lib/worker.js';

export interface FactoryHarness {
  config: Config;
  database: OpenDatabase;
  deps: ActivityDeps;
  client: Client;
  taskQueue: string;
  worker: Worker;
  stop(): Promise<void>;
}

/**
 * The whole factory on the real services of the test run: the run's Temporal dev server and Postgres
 * database, Podman, the local registry and Trivy, with a worker on a task queue of its own.
 */
export async function startFactory(env: Record<string, string | undefined> = {}): Promise<FactoryHarness> {
  const config = loadConfig({ ...process.env, LOG_LEVEL: 'warn', ...env });
  const database = await openDatabase(config);
  const deps = await openActivityDeps(config, database.db);
  const taskQueue = `test-${Date.now().toString(36)}-${randomBytes(3).toString('hex')}`;
  const worker = await createWorker({ config, address: config.temporalAddress!, activities: createActivities(deps), taskQueue });
  const running = worker.run();
  const connection = await Connection.connect({ address: config.temporalAddress! });
  const client = new Client({ connection, namespace: config.temporalNamespace });
  return {
    config: { ...config, taskQueue },
    database,
    deps,
    client,
    taskQueue,
    worker,
    async stop() {
      worker.shutdown();
      await running;
      await connection.close();
      await database.close();
    },
  };
}
