import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { pushImage } from '../../../activities/registry/push-image.js';
import { deleteRepository, pullImageFiles, testRegistryClient, uniqueRepository } from '../../helpers/registry.js';
import { buildFixture, removeLocalImages, testEngine, type TestEngine } from './engine-fixture.js';

describe('dockerfile builder and push (real Podman and registry)', () => {
  const registry = testRegistryClient();
  const repository = uniqueRepository('run-steps');
  const localRef = `${repository}:build`;
  let t: TestEngine;

  beforeAll(async () => {
    t = await testEngine();
  });
  afterAll(async () => {
    await deleteRepository(registry, repository);
    await removeLocalImages(t.docker, [localRef, `${repository}:v1`]);
  });

  it('builds RUN steps with build args and a target, pushes, and the layers read back hold what RUN wrote', async () => {
    const oci = { source: 'https://github.com/acme/payments', revision: '3f2c1d0e9b8a7f6e5d4c3b2a1f0e9d8c7b6a5f4e', created: '2026-01-02T03:04:05Z' };
    const build = await buildFixture(t, 'run-steps', localRef, { buildArgs: { GREETING: 'bonjour', FLAVOR: 'mint' }, target: 'final', labels: { team: 'payments' }, oci });
    expect(build.result.imageId).toMatch(/^sha256:[0-9a-f]{64}$/);
    expect(build.result.logLines).toBe(build.lines.length);
    // Output of the RUN step arrives line by line.
    expect(build.lines.map((l) => l.line)).toEqual(expect.arrayContaining(['bonjour from a RUN step', 'flavor=mint']));
    expect(build.lines.every((l) => !l.line.includes('\n'))).toBe(true);
    expect(build.heartbeats).toBeGreaterThan(0);

    let pushBeats = 0;
    const first = await pushImage({ docker: t.docker, registry }, { image: localRef, repository, tags: ['v1', '3f2c1d0'], heartbeat: () => pushBeats++ });
    expect(pushBeats).toBeGreaterThan(0);
    expect(first).toMatchObject({ repository, pushed: true, tags: ['v1', '3f2c1d0'], tagsWritten: ['3f2c1d0'] });
    expect(first.digest).toMatch(/^sha256:[0-9a-f]{64}$/);
    expect((await registry.headManifest(`${repository}:3f2c1d0`))?.digest).toBe(first.digest);

    const image = await pullImageFiles(registry, `${repository}@${first.digest}`);
    expect(image.files.get('out/greeting.txt')?.toString()).toBe('bonjour from a RUN step\n');
    expect(image.files.get('out/flavor.txt')?.toString()).toBe('flavor=mint\n');
    expect(image.files.get('out/app.txt')?.toString()).toBe('copied from the build context\n');
    expect(image.files.has('out/unused.txt')).toBe(false);
    // The RUN steps' files are in the image's own layers, above the base image's.
    const runLayers = image.layers.slice(1).flat().map((e) => e.name);
    expect(runLayers).toEqual(expect.arrayContaining(['out/greeting.txt', 'out/flavor.txt']));
    expect(image.config.config?.Labels).toMatchObject({
      team: 'payments',
      'org.opencontainers.image.source': oci.source,
      'org.opencontainers.image.revision': oci.revision,
      'org.opencontainers.image.created': oci.created,
    });

    // A retried push does nothing twice; a new tag is only pointed at the same digest.
    const again = await pushImage({ docker: t.docker, registry }, { image: localRef, repository, tags: ['v1', '3f2c1d0'] });
    expect(again).toMatchObject({ digest: first.digest, pushed: false, tagsWritten: [] });
    const more = await pushImage({ docker: t.docker, registry }, { image: build.result.imageId, repository, tags: ['v1', 'latest'] });
    expect(more).toMatchObject({ digest: first.digest, pushed: false, tagsWritten: ['latest'] });
  });

  it('buildx builds the requested platform (linux/amd64) through the compatible platform parameter', async () => {
    const ref = `${repository}:buildx`;
    const build = await buildFixture(t, 'run-steps', ref, { method: 'buildx', platforms: ['linux/amd64'], buildArgs: { FLAVOR: 'lime' }, target: 'final' });
    const inspected = await t.docker.getImage(build.result.imageId).inspect();
    expect(`${inspected.Os}/${inspected.Architecture}`).toBe('linux/amd64');
    expect(build.lines.some((l) => l.line.includes('TARGETPLATFORM'))).toBe(true); // the engine received a platform
    // No emulators here and an amd64-only base: an arm64 image cannot come out, and a mislabelled one is refused.
    await expect(buildFixture(t, 'run-steps', ref, { method: 'buildx', platforms: ['linux/arm64'], target: 'final' })).rejects.toThrow(/linux\/arm64/);
    await expect(buildFixture(t, 'run-steps', ref, { method: 'buildx', platforms: ['amd64'] })).rejects.toThrow(/is not os\/arch/);
    await removeLocalImages(t.docker, [ref]);
  });
});
