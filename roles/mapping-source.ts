import { MANIFEST_FILE_NAMES } from '../manifest/load-manifest.js';
import { TENANT_FILE_NAME, TENANT_REPOSITORY_NAME } from '../manifest/tenant-config.js';
import type { RoleMappings } from '../manifest/types.js';
import type { MappingInput } from '../policies/resolve-roles.js';
import type { RepositoryRef } from '../github/repository.js';

/**
 * A place role mappings are read from: the tenant's `tenant.yml` (in `<owner>/.imagefactory`) or a
 * project's manifest `roles:` (in `<owner>/<repo>`). Each has one row in `role_mappings` (the mapping in
 * force), keyed by `id`.
 */
export interface MappingSource {
  kind: 'tenant' | 'project';
  repository: RepositoryRef;
  /** The `role_mappings.source` key, lower-case: `acme/.imagefactory:tenant.yml`, `acme/api:.imagefactory.yml`. */
  id: string;
  /** How grants name it: `tenant.yml`, `.imagefactory.yml`. */
  label: string;
  /** The files it is read from, in order of preference. */
  files: readonly string[];
}

/**
 * What `role_mappings.content` holds: for tenant.yml the whole validated file (roles, build methods,
 * quotas, policies); for a project, `{ roles }` (only the manifest's `roles:` is a mapping).
 */
export type MappingContent = Record<string, unknown>;

export function tenantMappingSource(owner: string): MappingSource {
  const repository = { owner, repo: TENANT_REPOSITORY_NAME };
  return { kind: 'tenant', repository, id: `${owner}/${TENANT_REPOSITORY_NAME}:${TENANT_FILE_NAME}`.toLowerCase(), label: TENANT_FILE_NAME, files: [TENANT_FILE_NAME] };
}

export function projectMappingSource(repository: RepositoryRef): MappingSource {
  const id = `${repository.owner}/${repository.repo}:${MANIFEST_FILE_NAMES[0]}`.toLowerCase();
  return { kind: 'project', repository: { ...repository }, id, label: MANIFEST_FILE_NAMES[0], files: MANIFEST_FILE_NAMES };
}

/** `owner/name` of a source's repository. */
export function repositoryName(source: MappingSource): string {
  return `${source.repository.owner}/${source.repository.repo}`;
}

/** The `roles:` of a mapping's content (empty when it has none). */
export function rolesOf(content: MappingContent | undefined): RoleMappings {
  const roles = content?.roles;
  return roles !== null && typeof roles === 'object' && !Array.isArray(roles) ? (roles as RoleMappings) : {};
}

/** A stored mapping as resolveRoles reads it. */
export function mappingInput(source: MappingSource, content: MappingContent | undefined): MappingInput | undefined {
  return content === undefined ? undefined : { label: source.label, roles: rolesOf(content) };
}
