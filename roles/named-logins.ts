import type { Database } from '../db/database.js';
import { withTenant } from '../db/with-tenant.js';
import type { RepositoryRef } from '../github/repository.js';
import { projectMappingSource, rolesOf, tenantMappingSource } from './mapping-source.js';
import { readMappingInForce } from './mapping-store.js';

/**
 * The GitHub logins the mappings in force name for a repository: tenant.yml's `roles:` and the project's
 * manifest `roles:` (as accepted from the default branch), in lower case, each once. Teams are not
 * expanded: an `@org/team` names no login here.
 */
export async function namedLogins(db: Database, tenantId: string, repository: RepositoryRef): Promise<string[]> {
  const contents = await withTenant(db, tenantId, async (tx) => [
    (await readMappingInForce(tx, tenantMappingSource(repository.owner).id))?.content,
    (await readMappingInForce(tx, projectMappingSource(repository).id))?.content,
  ]);
  const subjects = contents.flatMap((c) => Object.values(rolesOf(c)).flat());
  return [...new Set(subjects.filter((s) => typeof s === 'string' && !s.startsWith('@')).map((s) => s.toLowerCase()))];
}
