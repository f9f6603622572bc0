import { randomBytes } from 'node:crypto';
import fs from 'node:fs';
import { gunzipSync } from 'node:zlib';
import tarStream from 'tar-stream';
import { loadConfig } from '../../lib/config.js';
import { parseImageReference } from '../../activities/registry/image-reference.js';
import { isIndex, RegistryClient, type ManifestJson } from '../../activities/registry/registry-client.js';

/** A registry client for the local registry (insecure registries from the configuration). */
export function testRegistryClient(): RegistryClient {
  return new RegistryClient({ insecureRegistries: loadConfig().insecureRegistries });
}

/** A repository name no other test run uses: `<registry>/imagefactory-test/<name>-<time>-<random>`. */
export function uniqueRepository(name: string): string {
  return `${loadConfig().registry}/imagefactory-test/${name}-${Date.now().toString(36)}-${randomBytes(3).toString('hex')}`;
}

/** The base image the fixture Dockerfiles start FROM (ARG BASE). */
export function baseImage(): string {
  return process.env.BASE_IMAGE ?? `${loadConfig().registry}/imagefactory/base/busybox:1`;
}

export interface TarEntry {
  name: string;
  type: 'file' | 'directory' | 'symlink' | 'link' | 'other';
  content: Buffer;
}

/** Reads a tar archive in memory with tar-stream: enough for image layers in tests. */
export async function readTar(tar: Buffer): Promise<TarEntry[]> {
  const entries: TarEntry[] = [];
  const extract = tarStream.extract();
  const types: Record<string, TarEntry['type']> = { file: 'file', directory: 'directory', symlink: 'symlink', link: 'link' };
  const done = new Promise<void>((resolve, reject) => {
    extract.on('entry', (header, stream, next) => {
      const chunks: Buffer[] = [];
      stream.on('data', (c: unknown) => chunks.push(c as Buffer));
      stream.on('end', () => {
        entries.push({ name: header.name.replace(/^\.?\//, ''), type: types[header.type ?? 'file'] ?? 'other', content: Buffer.concat(chunks) });
        next();
      });
      stream.on('error', reject);
    });
    extract.on('finish', resolve);
    extract.on('error', reject);
  });
  extract.end(tar);
  await done;
  return entries;
}

export interface PulledImage {
  digest: string;
  manifest: ManifestJson;
  config: { config?: { Labels?: Record<string, string>; Cmd?: string[] }; architecture?: string; os?: string; history?: { created_by?: string }[] };
  /** Each layer's entries, in order. */
  layers: TarEntry[][];
  /** Regular files of the flattened image (later layers win; whiteouts applied). */
  files: Map<string, Buffer>;
}

/** Reads an image back from the registry by the API alone: manifest, config, every layer gunzipped and untarred. */
export async function pullImageFiles(client: RegistryClient, ref: string): Promise<PulledImage> {
  const r = parseImageReference(ref);
  let m = await client.getManifest(r);
  if (isIndex(m.mediaType)) {
    const child = m.json.manifests?.find((d) => d.platform?.os === 'linux' && d.platform.architecture === 'amd64') ?? m.json.manifests?.[0];
    if (!child) throw new Error(`index ${ref} lists no manifests`);
    m = await client.getManifest({ ...r, tag: undefined, digest: child.digest });
  }
  const config = JSON.parse((await client.getBlob(r, m.json.config!.digest)).toString('utf8')) as PulledImage['config'];
  const layers: TarEntry[][] = [];
  const files = new Map<string, Buffer>();
  for (const layer of m.json.layers ?? []) {
    const blob = await client.getBlob(r, layer.digest);
    const entries = await readTar(layer.mediaType.includes('gzip') || blob[0] === 0x1f ? gunzipSync(blob) : blob);
    layers.push(entries);
    for (const e of entries) {
      const base = e.name.split('/').pop() ?? '';
      if (base.startsWith('.wh.')) {
        const dir = e.name.slice(0, e.name.length - base.length);
        const target = base === '.wh..wh..opq' ? dir : `${dir}${base.slice(4)}`;
        for (const k of [...files.keys()]) if (k === target || k.startsWith(target.endsWith('/') ? target : `${target}/`)) files.delete(k);
      } else if (e.type === 'file') files.set(e.name, e.content);
    }
  }
  return { digest: m.digest, manifest: m.json, config, layers, files };
}

/** Deletes every tagged manifest of a repository (test cleanup; blobs stay until the registry's GC). */
export async function deleteRepository(client: RegistryClient, repository: string): Promise<void> {
  const digests = new Set<string>();
  for (const tag of await client.listTags(repository)) {
    const head = await client.headManifest(`${repository}:${tag}`);
    if (head) digests.add(head.digest);
  }
  for (const d of digests) await client.deleteManifest(repository, d).catch(() => undefined);
}

/** The local registry's own access log (written by the registry `npm run setup` starts). */
export const REGISTRY_LOG = `${process.env.IMAGEFACTORY_STATE ?? '/var/lib/imagefactory'}/logs/registry.log`;

/**
 * Manifest uploads the registry itself logged for a repository path (`team/name`, no host), by tag or
 * digest: what was really pushed, however many times a client retried.
 */
export function manifestPuts(repositoryPath: string): Map<string, number> {
  const counts = new Map<string, number>();
  const pattern = new RegExp(`"PUT /v2/${repositoryPath.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}/manifests/([^ ?"]+)[^"]*" 201 `);
  for (const line of fs.readFileSync(REGISTRY_LOG, 'utf8').split('\n')) {
    const m = pattern.exec(line);
    if (m) counts.set(decodeURIComponent(m[1]), (counts.get(decodeURIComponent(m[1])) ?? 0) + 1);
  }
  return counts;
}
