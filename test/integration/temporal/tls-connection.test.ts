import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { loadConfig } from '../../../lib/config.js';
import { connectTemporalClient } from '../../../lib/temporal-connection.js';
import type { Manifest } from '../../../manifest/types.js';
import { startFactory } from '../../helpers/factory-harness.js';
import { makeRepo } from '../../helpers/fixture-repo.js';
import { planImage, startImageBuild } from '../../helpers/pipeline-runner.js';
import { baseImage, uniqueRepository } from '../../helpers/registry.js';
import { SERVER_NAME, makeTestCertificates, type TestCertificates } from '../../helpers/test-certificates.js';
import { startTlsFront, type TlsFront } from '../../helpers/tls-front.js';

const API_KEY = `if-test-${Date.now().toString(36)}`;
let certs: TestCertificates;
let front: TlsFront;

beforeAll(async () => {
  certs = makeTestCertificates(fs.mkdtempSync(path.join(os.tmpdir(), 'imagefactory-tls-')));
  front = await startTlsFront({ target: process.env.TEMPORAL_ADDRESS!, ...certs.server, ca: certs.ca, apiKey: API_KEY });
});
afterAll(async () => {
  await front?.close();
});

/** The environment of a bot, worker or CLI that reaches Temporal through the front. */
const through = (extra: Record<string, string | undefined> = {}) => ({
  TEMPORAL_ADDRESS: front.address,
  TEMPORAL_TLS_CA: certs.ca,
  TEMPORAL_TLS_SERVER_NAME: SERVER_NAME,
  TEMPORAL_TLS_CERT: certs.client.cert,
  TEMPORAL_TLS_KEY: certs.client.key,
  TEMPORAL_API_KEY: API_KEY,
  ...extra,
});

const WORKFLOW_SERVICE = '/temporal.api.workflowservice.v1.WorkflowService/';

describe('the Temporal connection over TLS with a client certificate and an API key', () => {
  it('runs a build end to end with the worker and the client both behind the TLS front', async () => {
    const h = await startFactory(through());
    try {
      const repo = makeRepo({ 'Dockerfile': `FROM ${baseImage()}\nRUN echo over-tls > /stamp\n` });
      const manifest: Manifest = { version: 1, images: { tls: { method: 'dockerfile', registry: uniqueRepository('tls'), scan: { on_missing_db: 'warn' } } } };
      const input = planImage(h, repo, manifest, 'tls');
      const handle = await startImageBuild(h, input);
      expect((await handle.result()).status).toBe('succeeded');
    } finally {
      await h.stop();
    }
    const served = front.calls.filter((c) => !c.refused);
    const methods = new Set(served.map((c) => c.path.replace(WORKFLOW_SERVICE, '')));
    // The client started it, the worker polled and answered its tasks: all through the front.
    for (const m of ['StartWorkflowExecution', 'PollWorkflowTaskQueue', 'RespondWorkflowTaskCompleted', 'PollActivityTaskQueue', 'RespondActivityTaskCompleted', 'GetWorkflowExecutionHistory']) {
      expect(methods).toContain(m);
    }
    expect(new Set(served.map((c) => c.clientCn))).toEqual(new Set(['imagefactory-client']));
  });

  it('refuses a client without a certificate, and one with a certificate of another CA, at the handshake', async () => {
    for (const files of [{ TEMPORAL_TLS_CERT: undefined, TEMPORAL_TLS_KEY: undefined }, { TEMPORAL_TLS_CERT: certs.stranger.cert, TEMPORAL_TLS_KEY: certs.stranger.key }]) {
      const before = front.refusedHandshakes.length;
      const calls = front.calls.length;
      await expect(connectTemporalClient(loadConfig({ ...process.env, ...through(files) }), front.address)).rejects.toThrow(/Failed to connect/);
      expect(front.refusedHandshakes.length).toBeGreaterThan(before);
      expect(front.calls.length).toBe(calls);
    }
  });

  it('refuses a client with the certificate but a wrong API key, or none', async () => {
    const wrong = loadConfig({ ...process.env, ...through({ TEMPORAL_API_KEY: 'not-the-key' }) });
    await expect(connectTemporalClient(wrong, front.address)).rejects.toThrow(/Failed to connect/);
    const none = loadConfig({ ...process.env, ...through({ TEMPORAL_API_KEY: undefined }) });
    await expect(connectTemporalClient(none, front.address)).rejects.toThrow(/Failed to connect/);
    const refused = front.calls.filter((c) => c.refused).map((c) => `${c.clientCn}: ${c.refused}`);
    expect(refused).toEqual(expect.arrayContaining(['imagefactory-client: wrong API key', 'imagefactory-client: no API key']));
  });
});
