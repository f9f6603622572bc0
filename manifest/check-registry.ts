import type { SemanticCheck } from './validate-yaml.js';
import { eachImage, entryAt } from './walk.js';

const DOMAIN_PART = '(?:[a-zA-Z0-9]|[a-zA-Z0-9][a-zA-Z0-9-]*[a-zA-Z0-9])';
export const DOMAIN = new RegExp(`^(?:${DOMAIN_PART}(?:\\.${DOMAIN_PART})*|\\[[0-9a-fA-F:]+\\])(?::[0-9]{1,5})?$`);
/** A repository path component (OCI distribution spec): lowercase words joined by ".", "_", "__" or dashes. */
const COMPONENT = /^[a-z0-9]+(?:(?:[._]|__|-+)[a-z0-9]+)*$/;

export const looksLikeHost = (s: string) => s.includes('.') || s.includes(':') || s === 'localhost' || s.startsWith('[');

/**
 * Why a repository reference (`host[:port]/path/name`, no tag, no digest) is not a valid OCI name, or
 * undefined when it is.
 */
export function repositoryProblem(ref: string): string | undefined {
  const shown = JSON.stringify(ref);
  if (/^[a-z][a-z0-9+.-]*:\/\//i.test(ref)) return `${shown} is a URL: write host/path/name without ${JSON.stringify(ref.slice(0, ref.indexOf('//') + 2))}`;
  if (ref.includes('@')) return `${shown} names a digest: give the repository only (host/path/name)`;
  const parts = ref.split('/');
  const last = parts[parts.length - 1];
  if (parts.length > 1 && last.includes(':')) return `${shown} names a tag (${last.slice(last.indexOf(':'))}): give the repository only and put tags under tags:`;
  if (parts.length === 1 && looksLikeHost(ref)) return `${shown} names only a registry host: add the repository path, such as ${ref}/team/name`;
  if (ref.length > 255) return `${shown} is longer than 255 characters`;
  const hasDomain = parts.length > 1 && looksLikeHost(parts[0]);
  if (hasDomain && !DOMAIN.test(parts[0])) return `${shown} has an invalid registry host ${JSON.stringify(parts[0])}`;
  for (const component of hasDomain ? parts.slice(1) : parts) {
    if (component === '') return `${shown} has an empty path segment`;
    if (COMPONENT.test(component)) continue;
    if (COMPONENT.test(component.toLowerCase())) return `${shown} has upper-case letters in its path: repository names are lower-case`;
    return `${shown} has an invalid path segment ${JSON.stringify(component)}: lower-case letters and digits, joined by ".", "_" or "-"`;
  }
  return undefined;
}

/**
 * Why an allowed-registry entry (`host[:port]`, or `host[:port]/path-prefix`) is not one, or undefined when
 * it is.
 */
export function registryEntryProblem(entry: string): string | undefined {
  const shown = JSON.stringify(entry);
  const host = entry.split('/')[0];
  if (/^[a-z][a-z0-9+.-]*:\/\//i.test(entry)) return repositoryProblem(entry);
  if (!looksLikeHost(host)) return `${shown} does not start with a registry host: write host[:port]/path-prefix, such as registry.acme.com/${entry}`;
  if (!DOMAIN.test(host)) return `${shown} has an invalid registry host ${JSON.stringify(host)}`;
  return entry.includes('/') ? repositoryProblem(entry) : undefined;
}

/** `registry` and `promote.to` are valid repository names, and promotion goes somewhere else. */
export const checkRegistry: SemanticCheck = function checkRegistryNames(manifest, ctx) {
  for (const [name, image] of eachImage(manifest)) {
    const registry = typeof image.registry === 'string' ? image.registry : undefined;
    const registryProblem = registry === undefined ? undefined : repositoryProblem(registry);
    if (registryProblem) ctx.report(['images', name, 'registry'], registryProblem);
    const to = entryAt(image, 'promote')?.to;
    if (typeof to !== 'string') continue;
    const toProblem = repositoryProblem(to);
    if (toProblem) ctx.report(['images', name, 'promote', 'to'], toProblem);
    else if (!registryProblem && to === registry) {
      ctx.report(['images', name, 'promote', 'to'], `promote.to is the image's own registry repository ${JSON.stringify(to)}: promotion copies the image to a different (release) repository`);
    }
  }
};
