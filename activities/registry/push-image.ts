import type Docker from 'dockerode';
import { detailToLog, engineFailure } from '../engine/engine-error.js';
import { readJsonProgress } from '../engine/json-progress.js';
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

/**
 * The engine did not push. `retryable` false: the engine or the registry refused (no such image, denied,
 * a manifest it will not take), and asking again gets the same answer; true: a connection was lost on the
 * way (engine unreachable, registry refusing connections, a 502/503 gateway), worth another attempt.
 */
export class PushFailedError extends Error {
  constructor(
    message: string,
    readonly retryable = false,
  ) {
    super(message);
    this.name = 'PushFailedError';
  }
}

/** A failed engine call of a push as a PushFailedError: the engine's words cut to a line, the whole of them logged. */
function pushFailure(err: unknown, what: string, log: (line: string) => void): unknown {
  if ((err as Error)?.name === 'AbortError') return err;
  const f = engineFailure(err, { streamFaults: true });
  for (const l of detailToLog(f)) log(`engine: ${l}`);
  return new PushFailedError(`${what} ${f.kind === 'refused' ? 'was refused' : 'failed'}${f.status ? ` (HTTP ${f.status})` : ''}: ${f.summary}`, f.kind === 'fault');
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
  const image = await deps.docker.getImage(req.image).inspect().catch((err: unknown) => {
    throw pushFailure(err, `reading the local image ${req.image} to push it`, log);
  });

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
    const credential = deps.credentials?.[repo.registry];
    try {
      await deps.docker.getImage(req.image).tag({ repo: repository, tag });
      log(`pushing ${image.Id} to ${repository}:${tag}`);
      const options = {
        tag,
        authconfig: credential ? { ...credential, serveraddress: repo.registry } : ({} as Docker.AuthConfig),
        // Podman's Docker API takes tlsVerify per push (false: plain HTTP allowed, by the same rule as the
        // registry client); Docker ignores it and applies its own insecure registries (127.0.0.0/8 included).
        tlsVerify: !deps.registry.http.plainHttp(repo.registry),
        abortSignal: req.signal,
      };
      const stream = (await deps.docker.getImage(repository).push(options as Docker.ImagePushOptions)) as NodeJS.ReadableStream;
      await readJsonProgress(stream, (e) => {
        req.heartbeat?.();
        if (e.status && !e.progress) log(e.id ? `${e.id}: ${e.status}` : e.status);
      });
    } catch (err) {
      throw pushFailure(err, `push of ${req.image} to ${repository}:${tag}`, log);
    }
    const head = await deps.registry.headManifest({ ...repo, tag });
    if (!head) throw new PushFailedError(`the engine reported ${repository}:${tag} pushed, but the registry does not have it`, true);
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
