import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { BuildCancelledError, BuildFailedError } from '../../../activities/builders/builder.js';
import { BuildMethodUnavailableError } from '../../../activities/builders/builder-registry.js';
import { runEngineBuild } from '../../../activities/builders/engine-build.js';
import { baseImage, uniqueRepository } from '../../helpers/registry.js';
import { buildFixture, removeLocalImages, repoDir, testEngine, type TestEngine } from './engine-fixture.js';

/** Pids of the `sleep` processes running on this machine. */
function sleepPids(): number[] {
  try {
    return execFileSync('pgrep', ['-x', 'sleep'], { encoding: 'utf8' }).split('\n').filter(Boolean).map(Number);
  } catch {
    return []; // pgrep exits 1 when nothing matches
  }
}

function alive(pid: number): boolean {
  try {
    const stat = fs.readFileSync(`/proc/${pid}/stat`, 'utf8');
    return !/^\d+ \([^)]*\) Z/.test(stat);
  } catch {
    return false;
  }
}

describe('build failures and cancellation (real Podman)', () => {
  const repository = uniqueRepository('failures');
  let t: TestEngine;
  beforeAll(async () => {
    t = await testEngine();
  });
  afterAll(async () => {
    await removeLocalImages(t.docker, [`${repository}:fail`, `${repository}:cancel`]);
  });

  it('a failing RUN step fails the build with the error text and what the step printed', async () => {
    const err = await buildFixture(t, 'failing-step', `${repository}:fail`).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(BuildFailedError);
    const message = (err as BuildFailedError).message;
    expect(message).toMatch(/exit status 3/);
    expect(message).toMatch(/widget factory exploded/);
    expect((err as BuildFailedError).logTail).toEqual(expect.arrayContaining(['about to fail']));
  });

  it('a request the engine refuses (HTTP 4xx) is a failed build, not a fault to retry', async () => {
    const req = {
      buildId: `test-refused-${Date.now()}`, repoDir, context: 'test/fixtures/images/failing-step', dockerfile: 'Dockerfile', buildArgs: {}, labels: {},
      imageRef: `${repository}:fail`, onLog: () => {}, heartbeat: () => {}, signal: new AbortController().signal,
    };
    await expect(runEngineBuild(req, { docker: t.docker, engine: t.engine }, { platform: 'linux/amd64/v9/extra' })).rejects.toThrow(/the engine refused the build .* \(HTTP 400\)/);
  });

  it('cancel stops the RUN process and rejects quickly', async () => {
    const controller = new AbortController();
    const before = new Set(sleepPids());
    const marker = `cancel-${Date.now()}`;
    let running!: () => void;
    const started = new Promise<void>((resolve) => (running = resolve));
    const build = t.builders.get('dockerfile').build({
      buildId: `test-${marker}`,
      repoDir,
      context: 'test/fixtures/images/long-run',
      dockerfile: 'Dockerfile',
      buildArgs: { BASE: baseImage(), MARKER: marker },
      labels: {},
      imageRef: `${repository}:cancel`,
      onLog: (line) => {
        if (line === `sleeping ${marker}`) running();
      },
      heartbeat: () => {},
      signal: controller.signal,
    });
    build.catch(() => undefined);
    await started;
    // The RUN step's sleep is running on this machine.
    let sleeping: number[] = [];
    for (let i = 0; i < 50 && sleeping.length === 0; i++) {
      sleeping = sleepPids().filter((p) => !before.has(p));
      if (sleeping.length === 0) await new Promise((r) => setTimeout(r, 100));
    }
    expect(sleeping.length).toBeGreaterThan(0);

    const t0 = Date.now();
    controller.abort();
    const err = await build.catch((e: unknown) => e);
    const elapsed = Date.now() - t0;
    expect(err).toBeInstanceOf(BuildCancelledError);
    expect(elapsed).toBeLessThan(3000);
    expect((err as BuildCancelledError).killedPids).toEqual(expect.arrayContaining(sleeping));
    for (let i = 0; i < 20 && sleeping.some(alive); i++) await new Promise((r) => setTimeout(r, 100));
    expect(sleeping.filter(alive)).toEqual([]);
  });

  it('an unknown or not-yet-available method names what this worker has', () => {
    expect(() => t.builders.get('kaniko')).toThrow(BuildMethodUnavailableError);
    expect(() => t.builders.get('packer')).toThrow('method packer is not available on this worker (available: dockerfile, buildx)');
  });
});
