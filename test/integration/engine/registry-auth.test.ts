import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { copyImage } from '../../../activities/registry/copy-image.js';
import { pushImage, PushFailedError } from '../../../activities/registry/push-image.js';
import { RegistryClient } from '../../../activities/registry/registry-client.js';
import { RegistryError } from '../../../activities/registry/registry-error.js';
import { startAuthRegistry, type AuthRegistry } from '../../helpers/auth-registry.js';
import { baseImage, pullImageFiles } from '../../helpers/registry.js';
import { removeLocalImages, testEngine, type TestEngine } from './engine-fixture.js';

describe('a registry with htpasswd Basic auth (real docker-registry)', () => {
  let registry: AuthRegistry;
  let t: TestEngine;
  const pushedRefs: string[] = [];
  beforeAll(async () => {
    registry = await startAuthRegistry();
    t = await testEngine();
  });
  afterAll(async () => {
    if (t) await removeLocalImages(t.docker, pushedRefs);
    await registry?.stop();
  });
  const authed = () => new RegistryClient({ credentials: { [registry.host]: { username: registry.username, password: registry.password } } });

  it('refuses anonymous access, saying that no credentials are configured for it', async () => {
    const err = await new RegistryClient().headManifest(`${registry.host}/imagefactory-test/nothing:1`).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(RegistryError);
    expect((err as RegistryError).status).toBe(401);
    expect((err as Error).message).toContain(`registry ${registry.host} asks for credentials and IMAGEFACTORY_REGISTRY_AUTH has none for it`);
  });

  it('with the right credential, copies an image in and reads it back', async () => {
    const client = authed();
    const destination = `${registry.host}/imagefactory-test/copied`;
    const copied = await copyImage(client, baseImage(), destination, ['1.0.0']);
    expect(copied.blobs.length).toBeGreaterThanOrEqual(2);
    expect(copied.blobs.every((b) => b.action === 'uploaded')).toBe(true);
    expect((await client.headManifest(`${destination}:1.0.0`))?.digest).toBe(copied.digest);
    const image = await pullImageFiles(client, `${destination}@${copied.digest}`);
    expect(image.files.has('bin/busybox')).toBe(true);
    // What was copied is still closed to anonymous clients.
    await expect(new RegistryClient().headManifest(`${destination}:1.0.0`)).rejects.toThrow(/HTTP 401/);
  });

  it('with a wrong password, fails naming the registry and the user it refused', async () => {
    const client = new RegistryClient({ credentials: { [registry.host]: { username: registry.username, password: 'not-the-password' } } });
    const err = await copyImage(client, baseImage(), `${registry.host}/imagefactory-test/wrong`, ['1']).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(RegistryError);
    expect((err as Error).message).toContain(`registry ${registry.host} refused the credentials of user "factory" (IMAGEFACTORY_REGISTRY_AUTH)`);
  });

  it("the engine's push carries the credential and speaks plain HTTP to a loopback port registries.conf does not list", async () => {
    const repository = `${registry.host}/imagefactory-test/pushed`;
    pushedRefs.push(`${repository}:1`);
    const client = authed();
    const credentials = { [registry.host]: { username: registry.username, password: registry.password } };
    const result = await pushImage({ docker: t.docker, registry: client, credentials }, { image: baseImage(), repository, tags: ['1', 'stable'] });
    expect(result.pushed).toBe(true);
    expect((await client.headManifest(`${repository}:stable`))?.digest).toBe(result.digest);
  });

  it("the engine's push without the credential is refused, not a fault to retry", async () => {
    const repository = `${registry.host}/imagefactory-test/refused`;
    pushedRefs.push(`${repository}:1`);
    const lines: string[] = [];
    const err = await pushImage({ docker: t.docker, registry: authed() }, { image: baseImage(), repository, tags: ['1'], onLog: (l) => lines.push(l) }).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(PushFailedError);
    expect((err as PushFailedError).retryable).toBe(false);
    expect((err as Error).message).toMatch(new RegExp(`^push of \\S+ to ${repository.replace(/[.]/g, '\\.')}:1 was refused: .*(unauthorized|authentication required)`, 'i'));
    expect(lines.some((l) => l.startsWith('engine: '))).toBe(true);
  });
});
