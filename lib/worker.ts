import { DefaultLogger, Runtime, Worker, type LogLevel, type NativeConnection } from '@temporalio/worker';
import type { Config } from './config.js';
import type { Logger } from './logger.js';
import { moduleFile } from './module-file.js';
import { connectTemporalWorker, productDataConverter } from './temporal-connection.js';

let runtimeInstalled = false;

/**
 * Temporal's own log goes to stderr at warn level unless LOG_LEVEL asks for more; given a logger (an
 * interactive command's, see createTerminalLogger), it goes there instead.
 */
export function installTemporalRuntime(config: Pick<Config, 'logLevel'>, logger?: Logger): void {
  if (runtimeInstalled) return;
  runtimeInstalled = true;
  const level: LogLevel = config.logLevel === 'debug' || config.logLevel === 'trace' ? 'DEBUG' : config.logLevel === 'info' ? 'WARN' : 'ERROR';
  Runtime.install({
    logger: new DefaultLogger(level, (entry) => {
      if (logger) {
        const error = entry.meta?.error as { message?: string; stack?: string } | undefined;
        const method = entry.level === 'ERROR' ? 'error' : entry.level === 'WARN' ? 'warn' : 'debug';
        logger[method]({ temporal: entry.meta, err: error ? { message: error.message ?? String(error), stack: error.stack } : undefined }, `temporal: ${entry.message}`);
        return;
      }
      process.stderr.write(`temporal ${entry.level.toLowerCase()}: ${entry.message}${entry.meta?.error ? ` ${String(entry.meta.error)}` : ''}\n`);
    }),
  });
}

/** The workflow bundle's entry: the compiled file when running from dist/, the source otherwise. */
export function workflowsPath(): string {
  return moduleFile(new URL('../workflows/index.js', import.meta.url));
}

export interface WorkerOptions {
  config: Config;
  address: string;
  activities: object;
  taskQueue?: string;
  /** Slots for concurrent activities (builds, scans); two cores build two images at a time well. */
  maxConcurrentActivityTaskExecutions?: number;
  /** Where Temporal's own log goes (default stderr). */
  logger?: Logger;
}

/**
 * A worker for the task queue, with its own connection. `run()` serves until `shutdown()`; then close the
 * connection.
 */
export async function createWorker(opts: WorkerOptions): Promise<{ worker: Worker; connection: NativeConnection }> {
  installTemporalRuntime(opts.config, opts.logger);
  const dataConverter = productDataConverter(opts.config);
  const connection = await connectTemporalWorker(opts.config, opts.address);
  const worker = await Worker.create({
    connection,
    dataConverter,
    namespace: opts.config.temporalNamespace,
    taskQueue: opts.taskQueue ?? opts.config.taskQueue,
    workflowsPath: workflowsPath(),
    activities: opts.activities,
    maxConcurrentActivityTaskExecutions: opts.maxConcurrentActivityTaskExecutions ?? 4,
    // Cancellation reaches a running build with the answer to its next heartbeat: send them often.
    maxHeartbeatThrottleInterval: '2s',
    defaultHeartbeatThrottleInterval: '2s',
  }).catch(async (err: unknown) => {
    await connection.close();
    throw err;
  });
  return { worker, connection };
}
