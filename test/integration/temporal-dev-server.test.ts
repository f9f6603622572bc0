import { fileURLToPath } from 'node:url';
import { Worker } from '@temporalio/worker';
import { describe, expect, it } from '@jest/globals';
import { loadConfig } from '../../lib/config.js';
import { connectTemporalClient, connectTemporalWorker, productDataConverter } from '../../lib/temporal-connection.js';

describe('Temporal dev server from the tools cache', () => {
  it('runs a workflow to completion', async () => {
    const config = loadConfig();
    const address = config.temporalAddress!;
    expect(address).toMatch(/^127\.0\.0\.1:\d+$/);
    const taskQueue = `ping-${Date.now()}`;
    const connection = await connectTemporalWorker(config, address);
    const worker = await Worker.create({
      connection,
      taskQueue,
      dataConverter: productDataConverter(config),
      workflowsPath: fileURLToPath(new URL('../fixtures/workflows/ping.ts', import.meta.url)),
    });
    const client = await connectTemporalClient(config, address);
    const result = await worker.runUntil(
      client.workflow.execute('ping', { taskQueue, workflowId: taskQueue, args: ['factory'] }),
    );
    expect(result).toBe('pong factory');
    await client.connection.close();
    await connection.close();
  });
});
