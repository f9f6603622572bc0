import type { RoleMapping } from '../db/schema/role-mappings.js';
import { withTenant } from '../db/with-tenant.js';
import { grantedRoles, isAssigned, type RoleGrant } from '../policies/resolve-roles.js';
import type { RoleId } from '../policies/roles.js';
import type { RepositoryRef } from '../github/repository.js';
import { grantsUnder, type RoleDeps } from './grants-under.js';
import { mappingInput, projectMappingSource, tenantMappingSource } from './mapping-source.js';
import { readMappingsInForce } from './mapping-store.js';

export interface EffectiveRoles {
  login: string;
  tenantId: string;
  /** Every grant with its source, system first, then tenant.yml, then the manifest. */
  grants: RoleGrant[];
  /** The distinct roles, widest first: what decide() is given. */
  roles: RoleId[];
  /** Assigned to the project (decide's `assigned`). */
  assigned: boolean;
  /** The teams the mappings name that the login belongs to. */
  teams: string[];
  /** The mappings in force the grants come from (undefined: none accepted). */
  mappings: { tenant: RoleMapping | undefined; project: RoleMapping | undefined };
}

/**
 * A login's roles in a repository: the system roles of the app's configuration, the tenant's accepted
 * tenant.yml and the repository's accepted `roles:` (the mappings in force in `role_mappings`, never a
 * file as it stands in a branch), with team memberships from GitHub (cached). Only this tenant's mappings
 * count: an admin of another tenant holds nothing here. Call it before decide().
 */
export async function effectiveRoles(
  deps: Pick<RoleDeps, 'db' | 'teams' | 'systemRoles'>,
  request: { tenantId: string; repository: RepositoryRef; login: string },
): Promise<EffectiveRoles> {
  const tenantSource = tenantMappingSource(request.repository.owner);
  const projectSource = projectMappingSource(request.repository);
  const [tenant, project] = await withTenant(deps.db, request.tenantId, (tx) => readMappingsInForce(tx, [tenantSource.id, projectSource.id]));
  const mappings = { tenant, project };
  const { grants, teams } = await grantsUnder(deps, request.login, {
    tenant: mappingInput(tenantSource, mappings.tenant?.content),
    project: mappingInput(projectSource, mappings.project?.content),
  });
  return { login: request.login, tenantId: request.tenantId, grants, roles: grantedRoles(grants), assigned: isAssigned(grants), teams, mappings };
}
