import type Docker from 'dockerode';
import { EngineProgressError, readJsonProgress } from '../engine/json-progress.js';
import { parseImageReference, repositoryName } from './image-reference.js';
import { type RegistryCredentials } from './registry-auth.js';
import { type FetchedManifest, type RegistryClient } from './registry-client.js';

export interface PushImageRequest {
  /** The local image: the build's imageRef, or its image id. */
  image: string;
  /** Destination repository, host[:port]/path (no tag). */
  repository: string;
  /** Tags to give it there (rendered from the manifest's templates); the first is pushed, the others point at the same digest. */
  tags: string[];
  signal?: AbortSignal;
  onLog?(line: string): void;
  /** Called on every progress event of the push. */
  heartbeat?(): void;
}

export interface PushImageResult {
  repository: string;
  /** Manifest digest in the registry: the image's identity from here on (repository@digest). */
  digest: string;
  tags: string[];
  /** False when the registry already held this content: nothing was uploaded. */
  pushed: boolean;
  /** Tags created or moved to this digest through the registry API. */
  tagsWritten: string[];
}

export interface PushImageDeps {
  docker: Docker;
  registry: RegistryClient;
  credentials?: RegistryCredentials;
}

/** The engine reported the push as failed. */
export class PushFailedError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'PushFailedError';
  }
}

/** Whether a registry manifest holds this local image: its config is the image (Id = config digest), or Id = manifest digest (containerd store). */
function holds(manifest: FetchedManifest, imageId: string): boolean {
  return manifest.json.config?.digest === imageId || manifest.digest === imageId;
}

/**
 * Pushes a locally built image to `repository` through the engine (image.tag + image.push), then reads the
 * digest back from the registry (HEAD manifest -> Docker-Content-Digest) and points the other tags at it
 * through the registry API. Idempotent: when one of the tags already names a manifest of this very image,
 * nothing is pushed (`pushed: false`) and only missing tags are written.
 */
export async function pushImage(deps: PushImageDeps, req: PushImageRequest): Promise<PushImageResult> {
  if (req.tags.length === 0) throw new Error(`pushing ${req.image} to ${req.repository}: no tags to push`);
  const repo = parseImageReference(req.repository);
  if (repo.tag || repo.digest) throw new Error(`push destination ${req.repository} must be a repository, without tag or digest`);
  const repository = repositoryName(repo);
  const log = req.onLog ?? (() => {});
  const image = await deps.docker.getImage(req.image).inspect();

  const manifests = new Map<string, FetchedManifest>();
  const remote = new Map<string, string | undefined>();
  let existing: FetchedManifest | undefined;
  for (const tag of req.tags) {
    const head = await deps.registry.headManifest({ ...repo, tag });
    remote.set(tag, head?.digest);
    if (!head || existing) continue;
    const m = manifests.get(head.digest) ?? (await deps.registry.getManifest({ ...repo, digest: head.digest }));
    manifests.set(head.digest, m);
    if (holds(m, image.Id)) existing = m;
  }

  let manifest: FetchedManifest;
  let pushed = false;
  if (existing) {
    manifest = existing;
    log(`${repository} already holds ${image.Id} as ${existing.digest}: not pushing`);
  } else {
    const tag = req.tags[0];
    await deps.docker.getImage(req.image).tag({ repo: repository, tag });
    const credential = deps.credentials?.[repo.registry];
    log(`pushing ${image.Id} to ${repository}:${tag}`);
    const stream = (await deps.docker.getImage(repository).push({
      tag,
      authconfig: credential ? { ...credential, serveraddress: repo.registry } : ({} as Docker.AuthConfig),
      abortSignal: req.signal,
    })) as NodeJS.ReadableStream;
    try {
      await readJsonProgress(stream, (e) => {
        req.heartbeat?.();
        if (e.status && !e.progress) log(e.id ? `${e.id}: ${e.status}` : e.status);
      });
    } catch (err) {
      if (err instanceof EngineProgressError) throw new PushFailedError(`push of ${req.image} to ${repository}:${tag} failed: ${err.message}`);
      throw err;
    }
    const head = await deps.registry.headManifest({ ...repo, tag });
    if (!head) throw new PushFailedError(`the engine reported ${repository}:${tag} pushed, but the registry does not have it`);
    manifest = await deps.registry.getManifest({ ...repo, digest: head.digest });
    if (!holds(manifest, image.Id)) log(`note: ${repository}:${tag} (${head.digest}) has config ${manifest.json.config?.digest}, not ${image.Id}`);
    remote.set(tag, head.digest);
    pushed = true;
  }

  const tagsWritten: string[] = [];
  for (const tag of req.tags) {
    if (remote.get(tag) === manifest.digest) continue;
    await deps.registry.putManifest(repo, tag, manifest.bytes, manifest.mediaType);
    tagsWritten.push(tag);
  }
  return { repository, digest: manifest.digest, tags: [...req.tags], pushed, tagsWritten };
}
