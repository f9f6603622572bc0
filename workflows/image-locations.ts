/**
 * Where an image lives at each stage. The release repository comes from the manifest (or the configured
 * default registry); the candidate waits in a staging repository while it is scanned, and a failing image
 * is held in a quarantine repository: neither is ever under the release tags.
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

/** OCI repository path components: lowercase letters, digits and single separators. */
export function repositoryComponent(name: string): string {
  return name
    .toLowerCase()
    .replace(/[^a-z0-9._/-]+/g, '-')
    .replace(/[._-]{2,}/g, '-')
    .replace(/(^|\/)[._-]+|[._-]+($|\/)/g, '$1$2')
    .replace(/\/{2,}/g, '/')
    .replace(/^\/|\/$/g, '');
}

/** The release repository: the manifest's `registry`, else `<default registry>/<repository>/<image>`. */
export function releaseRepository(manifestRegistry: string | undefined, defaultRegistry: string, repository: string, image: string): string {
  return manifestRegistry ?? `${defaultRegistry}/${repositoryComponent(repository)}/${repositoryComponent(image)}`;
}

export function imageLocations(release: string, buildKey: string): ImageLocations {
  const { host, path } = splitRepository(release);
  return {
    release,
    staging: `${host}/imagefactory-staging/${path}`,
    quarantine: `${host}/imagefactory-quarantine/${path}`,
    holdTag: buildKey,
  };
}
