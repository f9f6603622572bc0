import { InvalidArgumentError, type Command } from 'commander';
import { createActivities } from '../../activities/create-activities.js';
import { openActivityDeps } from '../../activities/open-activity-deps.js';
import { openDatabase } from '../../db/open-database.js';
import { loadConfig } from '../../lib/config.js';
import { notificationChannelsOff } from '../../lib/notification-config.js';
import { resolveTemporal, type TemporalEndpoint } from '../../lib/temporal.js';
import { ensureAuditCheckpointSchedule } from '../../lib/audit-checkpoint-schedule.js';
import { scheduleClient, syncTenantSchedules } from '../../lib/tenant-schedules.js';
import { createWorker } from '../../lib/worker.js';
import type { Io } from '../io.js';

type Env = Record<string, string | undefined>;

/**
 * `imagefactory worker`: runs the workflows and activities of the task queue until SIGINT or SIGTERM, then
 * drains (running activities are given time to finish or heartbeat their cancellation). With no
 * TEMPORAL_ADDRESS it starts (or joins) the embedded Temporal dev server kept in the data folder.
 */
export async function runWorker(args: { concurrency?: string }, io: Io, env: Env = process.env): Promise<number> {
  const config = loadConfig(env);
  // The database first: an embedded one another process holds refuses before any server is started.
  const database = await openDatabase(config);
  let temporal: TemporalEndpoint | undefined;
  try {
    temporal = await resolveTemporal(config, 'start');
    const deps = await openActivityDeps(config, database.db);
    const { worker, connection } = await createWorker({
      config,
      address: temporal.address,
      activities: createActivities(deps),
      maxConcurrentActivityTaskExecutions: args.concurrency ? Number(args.concurrency) : undefined,
    });
    const schedules = await (async () => {
      await ensureAuditCheckpointSchedule(connection, config);
      return syncTenantSchedules({ client: scheduleClient(connection, config), db: database.db, governance: deps.governance, taskQueue: config.taskQueue, rescanIntervalMs: config.rescanIntervalMs, digestIntervalMs: config.digestIntervalMs });
    })().catch(async (err: unknown) => {
      await connection.close();
      throw err;
    });
    for (const s of schedules.filter((x) => x.error)) io.err(`imagefactory worker: the re-scans of tenant ${s.tenantId} were left as they were: ${s.error}`);
    const stop = () => worker.shutdown();
    process.once('SIGINT', stop);
    process.once('SIGTERM', stop);
    io.err(`imagefactory worker: serving task queue "${config.taskQueue}" on Temporal ${temporal.address}${temporal.embedded ? ' (embedded dev server)' : ''}, database ${database.location}`);
    for (const off of notificationChannelsOff(config)) io.err(`imagefactory worker: ${off}`);
    await worker.run();
    await connection.close();
    io.err('imagefactory worker: stopped');
    return 0;
  } finally {
    await temporal?.stop();
    await database.close();
  }
}

export function register(program: Command, io: Io): void {
  program
    .command('worker')
    .description('Run a build worker: the workflows and activities of the task queue, until interrupted.')
    .option('--concurrency <n>', 'activities (builds, scans, copies) run at once (default 4)', (v: string) => {
      if (!/^[1-9]\d*$/.test(v)) throw new InvalidArgumentError('expected a positive whole number');
      return v;
    })
    .addHelpText(
      'after',
      `
Connects to TEMPORAL_ADDRESS (or starts the embedded dev server on the data folder), the database
(DATABASE_URL, the local Postgres, or embedded Postgres), the container engine (DOCKER_HOST) and the
registry. Run as many workers as you like against one Temporal cluster: they share the task queue
IMAGEFACTORY_TASK_QUEUE (default "imagefactory"). Stops cleanly on SIGINT/SIGTERM.`,
    )
    .action(async (opts: { concurrency?: string }) => {
      process.exitCode = await runWorker(opts, io);
    });
}
