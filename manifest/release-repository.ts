/** The repository an image is pushed to when its manifest names none. Pure. */

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
