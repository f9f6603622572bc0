import { afterAll, describe, expect, it } from '@jest/globals';
import { copyImage } from '../../../activities/registry/copy-image.js';
import { parseImageReference } from '../../../activities/registry/image-reference.js';
import { MediaTypes } from '../../../activities/registry/registry-client.js';
import { baseImage, deleteRepository, pullImageFiles, testRegistryClient, uniqueRepository } from '../../helpers/registry.js';

describe('copyImage through the registry API (real registry)', () => {
  const client = testRegistryClient();
  const staging = uniqueRepository('copy-staging');
  const release = uniqueRepository('copy-release');
  // The same registry under another name: no cross-repository mount possible, blobs go through GET + PUT.
  const elsewhere = uniqueRepository('copy-elsewhere').replace(/^127\.0\.0\.1:/, 'localhost:');
  afterAll(async () => {
    for (const r of [staging, release, elsewhere]) await deleteRepository(client, r);
  });

  it('copies by digest, keeps the digest, and a second copy uploads nothing', async () => {
    const source = await client.headManifest(baseImage());
    expect(source).toBeDefined();
    let beats = 0;
    const first = await copyImage(client, `${parseImageReference(baseImage()).registry}/${parseImageReference(baseImage()).repository}@${source!.digest}`, staging, ['1.0.0', 'stable'], { heartbeat: () => beats++ });
    expect(beats).toBeGreaterThanOrEqual(3);
    expect(first.digest).toBe(source!.digest);
    expect(first.destination).toBe(`${staging}@${source!.digest}`);
    expect(first.blobs.length).toBeGreaterThanOrEqual(2);
    expect(first.blobs.every((b) => b.action === 'mounted')).toBe(true);
    expect(first.manifests).toEqual([{ digest: source!.digest, action: 'uploaded' }]);
    expect(first.tagsWritten).toEqual(['1.0.0', 'stable']);
    expect(first.changed).toBe(true);
    expect((await client.headManifest(`${staging}:stable`))?.digest).toBe(source!.digest);

    const second = await copyImage(client, `${staging}@${source!.digest}`, staging, ['1.0.0', 'stable']);
    expect(second.changed).toBe(false);
    expect(second.blobs.every((b) => b.action === 'present')).toBe(true);
    expect(second.manifests.every((m) => m.action === 'present')).toBe(true);
    expect(second.tagsPresent).toEqual(['1.0.0', 'stable']);
    expect((await client.listTags(staging)).sort()).toEqual(['1.0.0', 'stable']);
  });

  it('copies across registries by reading and uploading blobs, and resolves a tag to its digest', async () => {
    const result = await copyImage(client, baseImage(), elsewhere, ['copied']);
    expect(result.blobs.every((b) => b.action === 'uploaded')).toBe(true);
    expect((await client.headManifest(`${elsewhere}:copied`))?.digest).toBe(result.digest);
    const image = await pullImageFiles(client, `${elsewhere}@${result.digest}`);
    expect(image.files.has('bin/busybox')).toBe(true);
    expect((await copyImage(client, baseImage(), elsewhere, ['copied'])).changed).toBe(false);
  });

  it('copies an index with its children first, keeping every digest', async () => {
    const base = await client.getManifest(baseImage());
    await copyImage(client, baseImage(), staging, []);
    const index = Buffer.from(JSON.stringify({
      schemaVersion: 2,
      mediaType: MediaTypes.ociIndex,
      manifests: [{ mediaType: base.mediaType, digest: base.digest, size: base.size, platform: { os: 'linux', architecture: 'amd64' } }],
    }));
    const indexDigest = await client.putManifest(staging, 'multi', index, MediaTypes.ociIndex);

    const result = await copyImage(client, `${staging}@${indexDigest}`, release, ['multi']);
    expect(result.digest).toBe(indexDigest);
    expect(result.mediaType).toBe(MediaTypes.ociIndex);
    expect(result.manifests.map((m) => m.digest)).toEqual([base.digest, indexDigest]);
    const copied = await client.getManifest(`${release}@${indexDigest}`);
    expect(copied.bytes.equals(index)).toBe(true);
    expect(await client.headManifest(`${release}@${base.digest}`)).toBeDefined();
    expect((await copyImage(client, `${staging}@${indexDigest}`, release, ['multi'])).changed).toBe(false);
  });

  it('reports a missing source plainly', async () => {
    await expect(copyImage(client, `${staging}:no-such-tag`, release, ['x'])).rejects.toThrow(/does not exist/);
  });
});
