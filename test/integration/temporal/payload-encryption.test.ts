import { randomBytes } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { WorkflowFailedError } from '@temporalio/client';
import proto from '@temporalio/proto';
import { loadConfig } from '../../../lib/config.js';
import { ENCRYPTED_ENCODING, KEY_ID_METADATA } from '../../../lib/payload-codec.js';
import { loadPayloadKeys } from '../../../lib/payload-keys.js';
import { connectTemporalClient } from '../../../lib/temporal-connection.js';
import type { Manifest } from '../../../manifest/types.js';
import { rejectUpdate } from '../../../workflows/image-build.js';
import { FINAL_STATUSES } from '../../../workflows/image-build-types.js';
import { startFactory, type FactoryHarness } from '../../helpers/factory-harness.js';
import { makeRepo } from '../../helpers/fixture-repo.js';
import { planImage, startImageBuild, waitForState } from '../../helpers/pipeline-runner.js';
import { baseImage, uniqueRepository } from '../../helpers/registry.js';

type Message = Record<string, unknown>;
const { History } = proto.temporal.api.history.v1;

let h: FactoryHarness;
beforeAll(async () => {
  h = await startFactory();
});
afterAll(async () => {
  await h?.stop();
});

const secret = () => `tok-${randomBytes(16).toString('hex')}`;
const text = (b: unknown) => Buffer.from(b as Uint8Array).toString('utf8');

/** The history as the Temporal server stores it: read over the raw gRPC service, no codec. */
async function rawHistory(workflowId: string) {
  const events: proto.temporal.api.history.v1.IHistoryEvent[] = [];
  let nextPageToken: Uint8Array | undefined;
  do {
    const page = await h.client.connection.workflowService.getWorkflowExecutionHistory({ namespace: h.config.temporalNamespace, execution: { workflowId }, nextPageToken });
    events.push(...(page.history?.events ?? []));
    nextPageToken = page.nextPageToken?.length ? page.nextPageToken : undefined;
  } while (nextPageToken);
  return { events, bytes: Buffer.from(History.encode({ events }).finish()) };
}

/** Every payload and every failure (with its causes) anywhere in a message. */
function collect(value: unknown, key = '', out = { payloads: [] as Message[], failures: [] as Message[] }) {
  if (value === null || typeof value !== 'object' || value instanceof Uint8Array) return out;
  if (Array.isArray(value)) {
    for (const v of value) collect(v, key, out);
    return out;
  }
  const o = value as Message;
  if (o.data instanceof Uint8Array && typeof o.metadata === 'object') out.payloads.push(o);
  if (['failure', 'cause', 'lastFailure'].includes(key)) out.failures.push(o);
  for (const [k, v] of Object.entries(o)) collect(v, k, out);
  return out;
}

function expectSealed(raw: { events: unknown[]; bytes: Buffer }, token: string, minimum: { payloads: number; failures: number }) {
  const { id } = loadPayloadKeys(h.config).current;
  expect(raw.bytes.includes(Buffer.from(token))).toBe(false);
  const { payloads, failures } = collect(raw.events);
  expect(payloads.length).toBeGreaterThanOrEqual(minimum.payloads);
  for (const p of payloads) {
    const metadata = p.metadata as Record<string, Uint8Array>;
    expect(text(metadata.encoding)).toBe(ENCRYPTED_ENCODING);
    expect(text(metadata[KEY_ID_METADATA])).toBe(id);
    expect(Buffer.from(p.data as Uint8Array).includes(Buffer.from(token))).toBe(false);
  }
  expect(failures.length).toBeGreaterThanOrEqual(minimum.failures);
  for (const f of failures) {
    expect(f.message).toBe('Encoded failure');
    expect(f.stackTrace ?? '').toBe('');
    const attributes = f.encodedAttributes as { metadata: Record<string, Uint8Array> };
    expect(text(attributes.metadata.encoding)).toBe(ENCRYPTED_ENCODING);
  }
}

/** An image that waits for a person: a planted cloud credential (assembled at build time) holds it in quarantine. */
const held = (token: string): Manifest => ({
  version: 1,
  images: { sealed: { method: 'dockerfile', registry: uniqueRepository('sealed'), build_args: { DEPLOY_TOKEN: token } } },
});
const heldDockerfile = `FROM ${baseImage()}\nARG DEPLOY_TOKEN\nRUN echo "token=$DEPLOY_TOKEN" > /dev/null && mkdir -p /app && printf 'aws_access_key_id = %s%s\\n' AKIA 2E0A8F3B244C9986 > /app/credentials\n`;

async function quarantined(buildId: string) {
  const state = await waitForState(h, buildId, (s) => s.status === 'quarantined' || FINAL_STATUSES.includes(s.status));
  expect(state.status).toBe('quarantined');
}

describe('payloads in Temporal are encrypted with the shared payload key', () => {
  it('keeps a build argument, an update argument and a query result out of the stored history', async () => {
    const token = secret();
    const repo = makeRepo({ 'Dockerfile': heldDockerfile });
    const input = planImage(h, repo, held(token), 'sealed');
    expect(JSON.stringify(input)).toContain(token);
    const handle = await startImageBuild(h, input);
    await quarantined(input.buildId);
    const rejected = await handle.executeUpdate(rejectUpdate, { args: [{ login: 'sam', channel: 'cli', reason: `leaked ${token}` }] });
    expect(rejected).toMatchObject({ ok: true });
    const done = await handle.result();
    expect(done.status).toBe('rejected');
    expect(JSON.stringify(done)).toContain(`leaked ${token}`); // the decision's reason is in the result

    const raw = await rawHistory(input.buildId);
    expect(raw.events.some((e) => e.workflowExecutionUpdateAcceptedEventAttributes)).toBe(true);
    expectSealed(raw, token, { payloads: 6, failures: 0 });

    const query = await h.client.connection.workflowService.queryWorkflow({ namespace: h.config.temporalNamespace, execution: { workflowId: input.buildId }, query: { queryType: 'status' } });
    const answer = query.queryResult?.payloads ?? [];
    expect(answer).toHaveLength(1);
    expect(text(answer[0].metadata!.encoding)).toBe(ENCRYPTED_ENCODING);
    expect(Buffer.from(answer[0].data!).includes(Buffer.from(token))).toBe(false);

    // A client with the codec reads the input back.
    const started = raw.events[0].workflowExecutionStartedEventAttributes!;
    const { payloadCodecs, payloadConverter } = h.client.options.loadedDataConverter;
    const [decoded] = await payloadCodecs[0].decode(started.input!.payloads!);
    expect(payloadConverter.fromPayload(decoded)).toMatchObject({ buildId: input.buildId, config: { build_args: { DEPLOY_TOKEN: token } } });
    expect((await handle.describe()).status.name).toBe('COMPLETED');
  });

  it('keeps a failure message and stack trace that quote a build argument out of the stored history', async () => {
    const token = secret();
    const repo = makeRepo({ 'Dockerfile': `FROM ${baseImage()}\nARG DEPLOY_TOKEN\nRUN echo "token=$DEPLOY_TOKEN" && exit 3\n` });
    const manifest: Manifest = { version: 1, images: { leaky: { method: 'dockerfile', registry: uniqueRepository('leaky'), build_args: { DEPLOY_TOKEN: token } } } };
    const input = planImage(h, repo, manifest, 'leaky');
    const handle = await startImageBuild(h, input);
    const err = await handle.result().then(() => undefined, (e: unknown) => e);
    expect(err).toBeInstanceOf(WorkflowFailedError);
    expect((err as WorkflowFailedError).cause?.message).toContain(`token=${token}`);

    const raw = await rawHistory(input.buildId);
    expect(raw.events.some((e) => e.activityTaskFailedEventAttributes)).toBe(true);
    expectSealed(raw, token, { payloads: 4, failures: 2 });
  });

  it('refuses to decrypt under another key, naming the key id, and decrypts under a retired key', async () => {
    const token = secret();
    const repo = makeRepo({ 'Dockerfile': heldDockerfile });
    const input = planImage(h, repo, held(token), 'sealed');
    const handle = await startImageBuild(h, input);
    await quarantined(input.buildId);
    await handle.executeUpdate(rejectUpdate, { args: [{ login: 'sam', channel: 'cli', reason: token }] });
    await handle.result();

    const current = process.env.IMAGEFACTORY_PAYLOAD_KEY!;
    const { id } = loadPayloadKeys(h.config).current;
    const other = randomBytes(32).toString('base64');
    const outsider = await connectTemporalClient(loadConfig({ ...process.env, IMAGEFACTORY_PAYLOAD_KEY: other }), h.temporal.address);
    const rotated = await connectTemporalClient(loadConfig({ ...process.env, IMAGEFACTORY_PAYLOAD_KEY: other, IMAGEFACTORY_PAYLOAD_KEYS_OLD: current }), h.temporal.address);
    try {
      const refused = await outsider.workflow.getHandle(input.buildId).result().then(() => undefined, (e: unknown) => e as Error);
      expect(refused?.message).toContain(`encrypted with payload key id ${id}, which this process does not hold`);
      expect(refused?.message).toContain('IMAGEFACTORY_PAYLOAD_KEYS_OLD');
      const read = await rotated.workflow.getHandle(input.buildId).result();
      expect(read.status).toBe('rejected');
      expect(JSON.stringify(read)).toContain(token);
    } finally {
      await outsider.connection.close();
      await rotated.connection.close();
    }
  });
});
