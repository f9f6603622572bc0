import type { Database } from '../db/database.js';
import type { AuditEvent } from '../db/schema/audit-events.js';
import type { RoleMapping } from '../db/schema/role-mappings.js';
import { withTenant } from '../db/with-tenant.js';
import type { MappingSource } from './mapping-source.js';
import { latestMappingDecision, readMappingInForce, ROLES_REFUSED } from './mapping-store.js';

export interface MappingStatus {
  source: MappingSource;
  /** The mapping in force (undefined: none accepted). */
  inForce: RoleMapping | undefined;
  /** The `roles.refused` event when the latest decision about this source was a refusal. */
  refused: AuditEvent | undefined;
}

/** Where a mapping source stands: what is in force, and whether its latest change was refused (from the audit trail). */
export async function mappingStatus(db: Database, tenantId: string, source: MappingSource): Promise<MappingStatus> {
  return withTenant(db, tenantId, async (tx) => {
    const inForce = await readMappingInForce(tx, source.id);
    const latest = await latestMappingDecision(tx, source.id);
    return { source, inForce, refused: latest?.action === ROLES_REFUSED ? latest : undefined };
  });
}
