import { fileURLToPath } from 'node:url';
import { Client, Connection } from '@temporalio/client';
import { NativeConnection, Worker } from '@temporalio/worker';
import { describe, expect, it } from '@jest/globals';

describe('Temporal dev server from the tools cache', () => {
  it('runs a workflow to completion', async () => {
    const address = process.env.TEMPORAL_ADDRESS!;
    expect(address).toMatch(/^127\.0\.0\.1:\d+$/);
    const taskQueue = `ping-${Date.now()}`;
    const worker = await Worker.create({
      connection: await NativeConnection.connect({ address }),
      taskQueue,
      workflowsPath: fileURLToPath(new URL('../fixtures/workflows/ping.ts', import.meta.url)),
    });
    const connection = await Connection.connect({ address });
    const client = new Client({ connection });
    const result = await worker.runUntil(
      client.workflow.execute('ping', { taskQueue, workflowId: taskQueue, args: ['factory'] }),
    );
    expect(result).toBe('pong factory');
    await connection.close();
  });
});
