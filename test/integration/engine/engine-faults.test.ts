import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import type http from 'node:http';
import { BuildFailedError, type BuildRequest } from '../../../activities/builders/builder.js';
import { runEngineBuild } from '../../../activities/builders/engine-build.js';
import { createDockerClient, type EngineInfo } from '../../../activities/engine/docker-client.js';
import { EngineFaultError } from '../../../activities/engine/engine-error.js';
import { pushImage, PushFailedError } from '../../../activities/registry/push-image.js';
import { RegistryClient } from '../../../activities/registry/registry-client.js';
import { freePort } from '../../helpers/auth-registry.js';
import { baseImage } from '../../helpers/registry.js';
import { listen, type Listening, type SeenRequest } from '../../helpers/token-registry-double.js';
import { removeLocalImages, repoDir, testEngine, type TestEngine } from './engine-fixture.js';

/** How the Docker API double answers POST /build. */
type Answer = { status: number; body?: string } | 'hang up';

/**
 * Which engine failures end a build (BuildFailedError, never retried) and which are faults to retry
 * (EngineFaultError). Podman cannot be made to answer 502/503 or to hang up on demand, so those answers come
 * from a Docker Engine API double on 127.0.0.1, through the real dockerode client; refusals also run on the
 * real Podman (engine-refusal.test.ts).
 */
describe('engine failures: refused or worth a retry', () => {
  const seen: SeenRequest[] = [];
  let answer: Answer;
  let engineDouble: Listening;
  const docker: EngineInfo = { kind: 'docker', version: 'double', apiVersion: '1.41', os: 'linux', arch: 'amd64', cgroupDriver: 'cgroupfs', buildkit: false, local: false };
  beforeAll(async () => {
    engineDouble = await listen('engine', '127.0.0.1', seen, (req: http.IncomingMessage, res: http.ServerResponse) => {
      if (answer === 'hang up') return req.socket.destroy();
      res.writeHead(answer.status, { 'content-type': 'application/json' });
      res.end(answer.body ?? '');
    });
  });
  afterAll(async () => {
    await engineDouble.close();
  });

  const request = (imageRef: string): BuildRequest => ({
    buildId: `test-faults-${Date.now().toString(36)}`, repoDir, context: 'test/fixtures/images/failing-step', dockerfile: 'Dockerfile', buildArgs: {}, labels: {},
    imageRef, onLog: () => {}, heartbeat: () => {}, signal: new AbortController().signal,
  });
  async function build(a: Answer, dockerHost = `tcp://${engineDouble.host}`): Promise<unknown> {
    answer = a;
    const before = seen.length;
    const err = await runEngineBuild(request('faults:1'), { docker: createDockerClient(dockerHost), engine: docker }).then(() => undefined, (e: unknown) => e);
    if (dockerHost.includes(engineDouble.host)) expect(seen.length - before).toBe(1);
    return err;
  }

  it("a 4xx or a 500 carrying the engine's error fails the build with the engine's words", async () => {
    const parse = await build({ status: 500, body: '{"message":"dockerfile parse error line 3: unknown instruction: CPY\\nsee https://docs.docker.com/"}' });
    expect(parse).toBeInstanceOf(BuildFailedError);
    expect((parse as Error).message).toBe('the engine refused the build of faults:1 (HTTP 500): dockerfile parse error line 3: unknown instruction: CPY');
    const bad = await build({ status: 400, body: '{"message":"invalid reference format"}' });
    expect(bad).toBeInstanceOf(BuildFailedError);
    expect((bad as Error).message).toBe('the engine refused the build of faults:1 (HTTP 400): invalid reference format');
  });

  it('502, 503, a 500 about a lost connection, a hang-up and a refused connection are faults to retry', async () => {
    for (const a of [{ status: 502, body: 'Bad Gateway' }, { status: 503, body: '{"message":"the daemon is shutting down"}' }, { status: 500, body: '{"message":"dial unix /run/containerd/containerd.sock: connect: connection refused"}' }, 'hang up'] as Answer[]) {
      const err = await build(a);
      expect([a, err]).toEqual([a, expect.any(EngineFaultError)]);
      expect((err as Error).message).toMatch(/^the engine failed while building faults:1/);
    }
    const nobody = await build({ status: 200 }, `tcp://127.0.0.1:${await freePort()}`);
    expect(nobody).toBeInstanceOf(EngineFaultError);
    expect((nobody as Error).message).toMatch(/ECONNREFUSED/);
    const noSocket = await build({ status: 200 }, 'unix:///run/imagefactory-test/no-such-engine.sock');
    expect(noSocket).toBeInstanceOf(EngineFaultError);
  });

  it('an empty 500 from Docker is a fault; from Podman (which drops the reason of a refused build) a refusal', async () => {
    expect(await build({ status: 500 })).toBeInstanceOf(EngineFaultError);
    answer = { status: 500 };
    const podman = await runEngineBuild(request('faults:2'), { docker: createDockerClient(`tcp://${engineDouble.host}`), engine: { ...docker, kind: 'podman' } }).catch((e: unknown) => e);
    expect(podman).toBeInstanceOf(BuildFailedError);
    expect((podman as Error).message).toBe('the engine refused the build of faults:2 (HTTP 500) without saying why');
  });
});

describe('push failures on the real Podman: refused or worth a retry', () => {
  let t: TestEngine;
  const local: string[] = [];
  beforeAll(async () => {
    t = await testEngine();
  });
  afterAll(async () => {
    await removeLocalImages(t.docker, local);
  });

  it('a local image that is not there is refused', async () => {
    const err = await pushImage({ docker: t.docker, registry: new RegistryClient() }, { image: 'localhost/imagefactory-test/never-built:1', repository: '127.0.0.1:5000/imagefactory-test/never', tags: ['1'] }).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(PushFailedError);
    expect((err as PushFailedError).retryable).toBe(false);
    expect((err as Error).message).toMatch(/^reading the local image localhost\/imagefactory-test\/never-built:1 to push it was refused \(HTTP 404\): .*(no such image|image not known)/i);
  });

  it('a registry answering 503 to the engine is a fault worth a retry', async () => {
    const seen: SeenRequest[] = [];
    // Our own client finds no such tag (404); the engine's push is then answered 503 Service Unavailable.
    const unavailable = await listen('registry', '127.0.0.1', seen, (req, res) => {
      res.writeHead(req.method === 'HEAD' ? 404 : 503);
      res.end();
    });
    try {
      const repository = `${unavailable.host}/imagefactory-test/unavailable`;
      local.push(`${repository}:1`);
      const err = await pushImage({ docker: t.docker, registry: new RegistryClient() }, { image: baseImage(), repository, tags: ['1'] }).catch((e: unknown) => e);
      expect(err).toBeInstanceOf(PushFailedError);
      expect((err as PushFailedError).retryable).toBe(true);
      expect((err as Error).message).toMatch(/Service Unavailable/);
      expect(seen.some((r) => r.method === 'GET' && r.url === '/v2/')).toBe(true);
    } finally {
      await unavailable.close();
    }
  });
});
