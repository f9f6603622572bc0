import { formatImageReference, parseImageReference, repositoryName, type ImageReference } from './image-reference.js';
import { isIndex, type Descriptor, type RegistryClient } from './registry-client.js';

export type CopyAction = 'present' | 'mounted' | 'uploaded';

export interface CopyImageResult {
  /** The source, by digest. */
  source: string;
  /** The destination, by digest: the same digest as the source. */
  destination: string;
  digest: string;
  mediaType: string;
  /** What happened to each blob (config and layers, for every platform of an index). */
  blobs: { digest: string; size: number; action: CopyAction }[];
  /** What happened to each manifest (an index's children first, the top manifest last). */
  manifests: { digest: string; action: 'present' | 'uploaded' }[];
  /** Tags the destination already had at this digest, and tags written (new or moved). */
  tagsPresent: string[];
  tagsWritten: string[];
  /** True when anything was uploaded, mounted or tagged; a repeated copy reports false. */
  changed: boolean;
}

export interface CopyImageOptions {
  /** Called after each blob and manifest (a long copy keeps its activity alive). */
  heartbeat?(): void;
}

/**
 * Copies an image from `source` (`repo@digest`, or `repo:tag`, resolved to its digest first) to the
 * repository `destination` and tags it there, through the registry API: no pull, no rebuild. Blobs first
 * (mounted when both repositories share a registry), then the manifest bytes unchanged (an index's children
 * before the index), so the destination digest equals the source digest. Idempotent: what the destination
 * already holds is left alone, and a repeated copy uploads nothing.
 */
export async function copyImage(client: RegistryClient, source: string, destination: string, tags: string[], opts: CopyImageOptions = {}): Promise<CopyImageResult> {
  const src = parseImageReference(source);
  const dst = parseImageReference(destination);
  if (dst.tag || dst.digest) throw new Error(`copy destination ${destination} must be a repository, without tag or digest`);
  if (!src.digest) {
    const head = await client.headManifest(src);
    if (!head) throw new Error(`copy source ${source} does not exist in the registry`);
    src.digest = head.digest;
  }
  const result: CopyImageResult = {
    source: formatImageReference({ ...src, tag: undefined }),
    destination: `${repositoryName(dst)}@${src.digest}`,
    digest: src.digest,
    mediaType: '',
    blobs: [],
    manifests: [],
    tagsPresent: [],
    tagsWritten: [],
    changed: false,
  };
  const top = await copyManifest(client, src, dst, src.digest, result, opts.heartbeat ?? (() => {}));
  result.mediaType = top.mediaType;
  for (const tag of tags) {
    const at = await client.headManifest({ ...dst, tag });
    if (at?.digest === src.digest) {
      result.tagsPresent.push(tag);
      continue;
    }
    await client.putManifest(dst, tag, top.bytes, top.mediaType);
    result.tagsWritten.push(tag);
  }
  result.changed = result.tagsWritten.length > 0 || result.manifests.some((m) => m.action !== 'present') || result.blobs.some((b) => b.action !== 'present');
  return result;
}

async function copyManifest(client: RegistryClient, src: ImageReference, dst: ImageReference, digest: string, result: CopyImageResult, beat: () => void) {
  const manifest = await client.getManifest({ ...src, tag: undefined, digest });
  if (isIndex(manifest.mediaType)) {
    for (const child of manifest.json.manifests ?? []) await copyManifest(client, src, dst, child.digest, result, beat);
  } else {
    const blobs: Descriptor[] = [...(manifest.json.config ? [manifest.json.config] : []), ...(manifest.json.layers ?? [])];
    for (const blob of blobs) {
      // Non-distributable (foreign) layers live at their URLs, not in the registry.
      if (blob.urls?.length) continue;
      if (result.blobs.some((b) => b.digest === blob.digest)) continue;
      const action: CopyAction = (await client.blobExists(dst, blob.digest)) ? 'present' : await client.mountBlob(dst, blob.digest, src);
      result.blobs.push({ digest: blob.digest, size: blob.size, action });
      beat();
    }
  }
  if (await client.headManifest({ ...dst, digest })) {
    result.manifests.push({ digest, action: 'present' });
  } else {
    const put = await client.putManifest(dst, digest, manifest.bytes, manifest.mediaType);
    if (put !== digest) throw new Error(`registry ${dst.registry} stored manifest ${digest} as ${put}`);
    result.manifests.push({ digest, action: 'uploaded' });
  }
  beat();
  return manifest;
}
