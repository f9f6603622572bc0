/**
 * Where an image lives at each stage. The release repository comes from the manifest (or the configured
 * default registry, manifest/release-repository.ts); the candidate waits in a staging repository while it
 * is scanned, and a failing image is held in a quarantine repository: neither is ever under the release
 * tags.
 */
export interface ImageLocations {
  release: string;
  staging: string;
  quarantine: string;
  /** The tag the candidate carries in staging and quarantine. */
  holdTag: string;
}

/** Splits `host[:port]/path` into its registry host and repository path. */
export function splitRepository(repository: string): { host: string; path: string } {
  const slash = repository.indexOf('/');
  if (slash < 0) throw new Error(`"${repository}" names no registry host (expected host[:port]/path)`);
  return { host: repository.slice(0, slash), path: repository.slice(slash + 1) };
}

const HOLDING_AREAS = ['imagefactory-staging', 'imagefactory-quarantine'] as const;

export function imageLocations(release: string, buildKey: string): ImageLocations {
  const { host, path } = splitRepository(release);
  return {
    release,
    staging: `${host}/${HOLDING_AREAS[0]}/${path}`,
    quarantine: `${host}/${HOLDING_AREAS[1]}/${path}`,
    holdTag: buildKey,
  };
}

/** The release repository a staging or quarantine repository holds images for (any other repository is its own). */
export function releaseRepositoryOf(repository: string): string {
  const { host, path } = splitRepository(repository);
  const area = HOLDING_AREAS.find((a) => path.startsWith(`${a}/`));
  return area ? `${host}/${path.slice(area.length + 1)}` : repository;
}
