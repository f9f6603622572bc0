import { createHash } from 'node:crypto';
import { manifestReference, parseImageReference, type ImageReference } from './image-reference.js';
import { RegistryHttp, type RegistryHttpOptions } from './registry-http.js';

export const MediaTypes = {
  ociManifest: 'application/vnd.oci.image.manifest.v1+json',
  ociIndex: 'application/vnd.oci.image.index.v1+json',
  dockerManifest: 'application/vnd.docker.distribution.manifest.v2+json',
  dockerManifestList: 'application/vnd.docker.distribution.manifest.list.v2+json',
} as const;

const MANIFEST_ACCEPT = Object.values(MediaTypes).join(', ');

export interface Descriptor {
  mediaType: string;
  digest: string;
  size: number;
  urls?: string[];
  platform?: { architecture: string; os: string; variant?: string };
}

/** An image manifest or an index (manifest list), as JSON. */
export interface ManifestJson {
  schemaVersion: number;
  mediaType?: string;
  config?: Descriptor;
  layers?: Descriptor[];
  manifests?: Descriptor[];
}

export interface ManifestHead {
  digest: string;
  mediaType: string;
  size: number;
}

export interface FetchedManifest extends ManifestHead {
  /** The exact bytes the registry holds: put these to copy without changing the digest. */
  bytes: Buffer;
  json: ManifestJson;
}

export type BlobTransfer = 'mounted' | 'uploaded';

export function isIndex(mediaType: string): boolean {
  return mediaType === MediaTypes.ociIndex || mediaType === MediaTypes.dockerManifestList;
}

export function sha256Digest(bytes: Buffer): string {
  return `sha256:${createHash('sha256').update(bytes).digest('hex')}`;
}

type RepoArg = string | ImageReference;
const repoOf = (r: RepoArg): ImageReference => (typeof r === 'string' ? parseImageReference(r) : r);
const pull = (r: ImageReference) => `repository:${r.repository}:pull`;
const push = (r: ImageReference) => `repository:${r.repository}:pull,push`;

/** The Registry HTTP API v2 (OCI distribution) over fetch. Repositories are `host[:port]/path`. */
export class RegistryClient {
  readonly http: RegistryHttp;

  constructor(opts: RegistryHttpOptions = {}) {
    this.http = new RegistryHttp(opts);
  }

  /** HEAD the manifest of `ref` (tag or digest); undefined when the registry does not have it. */
  async headManifest(ref: RepoArg): Promise<ManifestHead | undefined> {
    const r = repoOf(ref);
    const res = await this.http.send(r.registry, pull(r), `/v2/${r.repository}/manifests/${manifestReference(r)}`, {
      method: 'HEAD',
      headers: { accept: MANIFEST_ACCEPT },
      accept: [404],
    });
    if (res.status === 404) return undefined;
    const digest = res.headers.get('docker-content-digest');
    if (!digest) throw new Error(`${r.registry} sent no Docker-Content-Digest for ${r.repository}:${manifestReference(r)}`);
    return { digest, mediaType: res.headers.get('content-type') ?? '', size: Number(res.headers.get('content-length') ?? 0) };
  }

  /** GET the manifest of `ref`; a digest reference is verified against the bytes received. */
  async getManifest(ref: RepoArg): Promise<FetchedManifest> {
    const r = repoOf(ref);
    const res = await this.http.send(r.registry, pull(r), `/v2/${r.repository}/manifests/${manifestReference(r)}`, { headers: { accept: MANIFEST_ACCEPT } });
    const bytes = Buffer.from(await res.arrayBuffer());
    const digest = sha256Digest(bytes);
    if (r.digest && r.digest.startsWith('sha256:') && r.digest !== digest) {
      throw new Error(`manifest ${r.registry}/${r.repository}@${r.digest} from the registry hashes to ${digest}`);
    }
    const json = JSON.parse(bytes.toString('utf8')) as ManifestJson;
    const mediaType = json.mediaType ?? res.headers.get('content-type') ?? MediaTypes.ociManifest;
    return { digest, mediaType, size: bytes.length, bytes, json };
  }

  /** PUT manifest bytes under a tag or digest; returns the digest the registry computed. */
  async putManifest(repo: RepoArg, reference: string, bytes: Buffer, mediaType: string): Promise<string> {
    const r = repoOf(repo);
    const res = await this.http.send(r.registry, push(r), `/v2/${r.repository}/manifests/${reference}`, {
      method: 'PUT',
      headers: { 'content-type': mediaType },
      body: bytes,
    });
    await res.body?.cancel();
    return res.headers.get('docker-content-digest') ?? sha256Digest(bytes);
  }

  async deleteManifest(repo: RepoArg, digest: string): Promise<void> {
    const r = repoOf(repo);
    const res = await this.http.send(r.registry, `repository:${r.repository}:delete`, `/v2/${r.repository}/manifests/${digest}`, { method: 'DELETE' });
    await res.body?.cancel();
  }

  async blobExists(repo: RepoArg, digest: string): Promise<boolean> {
    const r = repoOf(repo);
    const res = await this.http.send(r.registry, pull(r), `/v2/${r.repository}/blobs/${digest}`, { method: 'HEAD', accept: [404] });
    return res.status !== 404;
  }

  /** Opens a blob for reading (the registry may redirect to storage; fetch follows). */
  async openBlob(repo: RepoArg, digest: string): Promise<{ body: ReadableStream<Uint8Array>; size: number | undefined }> {
    const r = repoOf(repo);
    const res = await this.http.send(r.registry, pull(r), `/v2/${r.repository}/blobs/${digest}`);
    if (!res.body) throw new Error(`blob ${digest} of ${r.registry}/${r.repository} has no body`);
    const len = res.headers.get('content-length');
    return { body: res.body, size: len === null ? undefined : Number(len) };
  }

  /** Reads a whole (small) blob, such as an image config, and checks its digest. */
  async getBlob(repo: RepoArg, digest: string): Promise<Buffer> {
    const { body } = await this.openBlob(repo, digest);
    const bytes = Buffer.from(await new Response(body).arrayBuffer());
    if (digest.startsWith('sha256:') && sha256Digest(bytes) !== digest) throw new Error(`blob ${digest} from the registry hashes to ${sha256Digest(bytes)}`);
    return bytes;
  }

  /** Uploads a blob monolithically (POST an upload session, PUT the content with its digest). */
  async uploadBlob(repo: RepoArg, digest: string, data: Buffer | { stream: ReadableStream<Uint8Array>; size?: number }): Promise<void> {
    const r = repoOf(repo);
    const res = await this.http.send(r.registry, push(r), `/v2/${r.repository}/blobs/uploads/`, { method: 'POST', headers: { 'content-length': '0' } });
    await res.body?.cancel();
    await this.finishUpload(r, res, digest, data);
  }

  /**
   * Makes blob `digest` of `fromRepo` available in `repo`: a cross-repository mount on the same registry,
   * else (a refused mount, or another registry) by reading it from the source and uploading it.
   */
  async mountBlob(repo: RepoArg, digest: string, fromRepo: RepoArg): Promise<BlobTransfer> {
    const r = repoOf(repo);
    const from = repoOf(fromRepo);
    if (from.registry !== r.registry) {
      const blob = await this.openBlob(from, digest);
      await this.uploadBlob(r, digest, { stream: blob.body, size: blob.size });
      return 'uploaded';
    }
    const q = new URLSearchParams({ mount: digest, from: from.repository });
    const res = await this.http.send(r.registry, `${push(r)} ${pull(from)}`, `/v2/${r.repository}/blobs/uploads/?${q}`, { method: 'POST', headers: { 'content-length': '0' } });
    await res.body?.cancel();
    if (res.status === 201) return 'mounted';
    // 202: mount refused, an upload session was opened instead.
    const blob = await this.openBlob(from, digest);
    await this.finishUpload(r, res, digest, { stream: blob.body, size: blob.size });
    return 'uploaded';
  }

  private async finishUpload(r: ImageReference, session: Response, digest: string, data: Buffer | { stream: ReadableStream<Uint8Array>; size?: number }): Promise<void> {
    const location = session.headers.get('location');
    if (!location) throw new Error(`${r.registry} opened an upload for ${r.repository} without a Location`);
    const url = new URL(location, this.http.baseUrl(r.registry));
    url.searchParams.set('digest', digest);
    const body = Buffer.isBuffer(data) ? { body: data } : { stream: data.stream };
    const size = Buffer.isBuffer(data) ? data.length : data.size;
    const res = await this.http.send(r.registry, push(r), url.toString(), {
      method: 'PUT',
      headers: { 'content-type': 'application/octet-stream', ...(size !== undefined ? { 'content-length': String(size) } : {}) },
      ...body,
    });
    await res.body?.cancel();
  }

  /** Every tag of a repository (following pagination); a repository that does not exist has none. */
  async listTags(repo: RepoArg): Promise<string[]> {
    const r = repoOf(repo);
    const tags: string[] = [];
    let next: string | undefined = `/v2/${r.repository}/tags/list?n=1000`;
    while (next) {
      const res: Response = await this.http.send(r.registry, pull(r), next, { accept: [404] });
      if (res.status === 404) {
        await res.body?.cancel();
        return [];
      }
      const body = (await res.json()) as { tags?: string[] | null };
      tags.push(...(body.tags ?? []));
      next = /<([^>]+)>;\s*rel="?next"?/.exec(res.headers.get('link') ?? '')?.[1];
    }
    return tags;
  }
}
