import picomatch from 'picomatch';

/**
 * Where a tenant's images may go: `registries` entries of tenant.yml (`host[:port]`, optionally with a
 * path prefix) and the targets promotion rules bind policies to (globs). Pure.
 */

function split(ref: string): { host: string; path: string[] } {
  const [host, ...path] = ref.split('/');
  return { host: host.toLowerCase(), path: path.filter((p) => p !== '') };
}

/** Is `repository` (`host[:port]/path`) the entry or under it, segment by segment? `host` alone allows its whole registry. */
export function registryAllows(entry: string, repository: string): boolean {
  const e = split(entry);
  const r = split(repository);
  return e.host === r.host && e.path.length <= r.path.length && e.path.every((segment, i) => segment === r.path[i]);
}

export type DestinationVerdict = { ok: true } | { ok: false; reason: string; source: string };

/** May the tenant's images be pushed or promoted to `repository`? `label` names the rules (tenant.yml, a file, the defaults). */
export function checkDestination(repository: string, allowed: readonly string[], label: string): DestinationVerdict {
  if (allowed.some((entry) => registryAllows(entry, repository))) return { ok: true };
  return {
    ok: false,
    reason: `${repository} is not among the registries allowed by ${label} (${allowed.join(', ')})`,
    source: `${label} registries`,
  };
}

const matchers = new Map<string, (s: string) => boolean>();

/** Does a promotion rule's target glob (`*` within a segment, `**` across segments) match a repository? */
export function matchesTarget(glob: string, repository: string): boolean {
  let match = matchers.get(glob);
  if (!match) {
    match = picomatch(glob.toLowerCase(), { dot: true, nocase: true });
    matchers.set(glob, match);
  }
  return match(repository.toLowerCase());
}

/** Why a target glob cannot be used, or undefined. It must start with a literal registry host. */
export function targetGlobProblem(glob: string): string | undefined {
  const host = glob.split('/')[0];
  if (host === '' || /[*?[\]{}!]/.test(host)) return `${JSON.stringify(glob)} must start with a registry host (no pattern in the host), such as registry.acme.com/prod/**`;
  try {
    picomatch.makeRe(glob);
  } catch (err) {
    return `${JSON.stringify(glob)} is not a valid pattern: ${(err as Error).message}`;
  }
  return undefined;
}
