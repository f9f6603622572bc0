import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import type { Client } from '@temporalio/client';
import { sendDecision } from '../../../builds/send-decision.js';
import { loadConfig } from '../../../lib/config.js';
import { connectTemporalClient } from '../../../lib/temporal-connection.js';

let client: Client;
beforeAll(async () => {
  client = await connectTemporalClient(loadConfig(process.env), process.env.TEMPORAL_ADDRESS!);
});
afterAll(async () => client?.connection.close());

const sue = { login: 'sue', channel: 'github' as const };

describe('a decision sent to a build that is not running', () => {
  it('is answered with how the build ended, or that there is none, as the build life cycle', async () => {
    const over = `send-decision-${randomUUID()}`;
    // A workflow no worker ever runs, ended at once: Temporal refuses an update to it.
    const handle = await client.workflow.start('imageBuild', { taskQueue: `nobody-${over}`, workflowId: over, args: [] });
    await handle.terminate('over before any decision');
    expect(await sendDecision(client, over, 'approve', sue, 'looks right')).toEqual({ ok: false, status: 'not_running', reason: `the build ${over} is over (terminated)`, source: 'the build life cycle' });
    const unknown = `send-decision-${randomUUID()}`;
    expect(await sendDecision(client, unknown, 'reject', sue)).toEqual({ ok: false, status: 'not_running', reason: `no build ${unknown} is running`, source: 'the build life cycle' });
  });
});
