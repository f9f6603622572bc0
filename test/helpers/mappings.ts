import type { Database } from '../../db/database.js';
import { ensureTenant } from '../../db/ensure-tenant.js';
import { withTenant } from '../../db/with-tenant.js';
import type { TenantConfig } from '../../manifest/tenant-config.js';
import type { RoleMappings } from '../../manifest/types.js';
import { projectMappingSource, tenantMappingSource } from '../../roles/mapping-source.js';
import { replaceMappingInForce } from '../../roles/mapping-store.js';

/**
 * Puts mappings in force for a tenant, as an accepted refresh from the default branch would: the owner's
 * tenant.yml and, per repository, a project's `roles:`. What the worker resolves people against.
 */
export async function putMappingsInForce(db: Database, spec: { tenantId: string; owner: string; tenant?: TenantConfig; projects?: Record<string, RoleMappings> }): Promise<void> {
  await ensureTenant(db, { id: spec.tenantId, name: spec.owner });
  await withTenant(db, spec.tenantId, async (tx) => {
    const accepted = { commitSha: 'a'.repeat(40), acceptedBy: 'test', acceptedAt: new Date() };
    if (spec.tenant) await replaceMappingInForce(tx, spec.tenantId, tenantMappingSource(spec.owner).id, { ...accepted, content: { ...spec.tenant } });
    for (const [repo, roles] of Object.entries(spec.projects ?? {})) {
      await replaceMappingInForce(tx, spec.tenantId, projectMappingSource({ owner: spec.owner, repo }).id, { ...accepted, content: { roles } });
    }
  });
}

/** The tenant and the people the pipeline tests act as (`planImage` builds `acme/...` repositories in it). */
export const TEST_TENANT = 'tenant-test';
export const TEST_OWNER = 'acme';

/**
 * tenant.yml of the test tenant: the whole local registry, a default scan policy that lets a manifest pass an
 * image scanned without a vulnerability database (most tests have none), and one person per role the tests need.
 */
export function testTenantConfig(registry: string): TenantConfig {
  return {
    version: 1,
    registries: [registry],
    policies: { scan: { default: { fail_on: ['CRITICAL'], allow_secrets: false, on_missing_db: 'warn' } } },
    roles: {
      'tenant-admin': ['carol', 'tia'],
      'security-reviewer': ['sam', 'sue'],
      'build-engineer': ['alice', 'bea', 'ben'],
      developer: ['dana', 'dev'],
      viewer: ['vic'],
    },
  };
}
