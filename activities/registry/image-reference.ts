/** A parsed image reference: `host[:port]/path[:tag][@digest]`. */
export interface ImageReference {
  /** Registry host[:port], e.g. 127.0.0.1:5000 or registry-1.docker.io. */
  registry: string;
  /** Repository path inside the registry, e.g. acme/payments/api. */
  repository: string;
  tag?: string;
  digest?: string;
}

export class ImageReferenceError extends Error {
  constructor(
    readonly reference: string,
    reason: string,
  ) {
    super(`image reference "${reference}" is not valid: ${reason}`);
    this.name = 'ImageReferenceError';
  }
}

const DOCKER_HUB = 'registry-1.docker.io';
const COMPONENT = /^[a-z0-9]+(?:(?:[._]|__|-+)[a-z0-9]+)*$/;
const TAG = /^[A-Za-z0-9_][A-Za-z0-9_.-]{0,127}$/;
const DIGEST = /^[a-z0-9]+(?:[+._-][a-z0-9]+)*:[a-zA-Z0-9=_-]{32,}$/;

/**
 * Parses `host[:port]/path[:tag][@digest]`. A first component without a dot or port (and not `localhost`)
 * means Docker Hub, as with `docker pull` (`nginx` -> registry-1.docker.io/library/nginx); the product
 * itself names registries explicitly.
 */
export function parseImageReference(ref: string): ImageReference {
  const input = ref.trim();
  if (input === '') throw new ImageReferenceError(ref, 'it is empty');
  let rest = input;
  let digest: string | undefined;
  const at = rest.indexOf('@');
  if (at >= 0) {
    digest = rest.slice(at + 1);
    rest = rest.slice(0, at);
    if (!DIGEST.test(digest)) throw new ImageReferenceError(ref, `"${digest}" is not a digest (algorithm:hex, e.g. sha256:...)`);
  }
  let tag: string | undefined;
  const lastSlash = rest.lastIndexOf('/');
  const colon = rest.lastIndexOf(':');
  if (colon > lastSlash) {
    tag = rest.slice(colon + 1);
    rest = rest.slice(0, colon);
    if (!TAG.test(tag)) throw new ImageReferenceError(ref, `"${tag}" is not a tag (letters, digits, _ . -, at most 128, not starting with . or -)`);
  }
  const parts = rest.split('/');
  let registry = DOCKER_HUB;
  if (parts.length > 1 && (parts[0].includes('.') || parts[0].includes(':') || parts[0] === 'localhost' || parts[0].startsWith('['))) {
    registry = parts.shift()!;
  }
  if (registry === 'docker.io' || registry === 'index.docker.io') registry = DOCKER_HUB;
  if (registry === DOCKER_HUB && parts.length === 1) parts.unshift('library');
  for (const p of parts) {
    if (!COMPONENT.test(p)) throw new ImageReferenceError(ref, `repository component "${p}" must be lowercase letters and digits, separated by . _ __ or -`);
  }
  const repository = parts.join('/');
  if (repository.length > 255) throw new ImageReferenceError(ref, 'the repository name is longer than 255 characters');
  return { registry, repository, ...(tag !== undefined ? { tag } : {}), ...(digest !== undefined ? { digest } : {}) };
}

/** `registry/repository` without tag or digest. */
export function repositoryName(ref: Pick<ImageReference, 'registry' | 'repository'>): string {
  return `${ref.registry}/${ref.repository}`;
}

export function formatImageReference(ref: ImageReference): string {
  return `${repositoryName(ref)}${ref.tag ? `:${ref.tag}` : ''}${ref.digest ? `@${ref.digest}` : ''}`;
}

/** The tag, else the digest, that a manifest request for this reference names. */
export function manifestReference(ref: ImageReference): string {
  const r = ref.digest ?? ref.tag;
  if (!r) throw new ImageReferenceError(formatImageReference(ref), 'it names neither a tag nor a digest');
  return r;
}
