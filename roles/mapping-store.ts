import { and, desc, eq, inArray, sql } from 'drizzle-orm';
import type { Database, Transaction } from '../db/database.js';
import { auditEvents, type AuditEvent } from '../db/schema/audit-events.js';
import { roleMappings, type RoleMapping } from '../db/schema/role-mappings.js';
import { withTenant } from '../db/with-tenant.js';
import type { MappingContent } from './mapping-source.js';

/**
 * The mapping in force per source: one `role_mappings` row, read and written inside withTenant. A source
 * with no row has no mapping in force (for tenant.yml: the built-in defaults apply).
 */

export const ROLES_ACCEPTED = 'roles.accepted';
export const ROLES_REFUSED = 'roles.refused';

export async function readMappingInForce(tx: Transaction, sourceId: string): Promise<RoleMapping | undefined> {
  const [row] = await tx.select().from(roleMappings).where(eq(roleMappings.source, sourceId));
  return row;
}

/** The mappings in force of several sources, in their order (undefined: none), in one query. */
export async function readMappingsInForce(tx: Transaction, sourceIds: readonly string[]): Promise<(RoleMapping | undefined)[]> {
  const rows = await tx.select().from(roleMappings).where(inArray(roleMappings.source, [...sourceIds]));
  return sourceIds.map((id) => rows.find((r) => r.source === id));
}

/** The tenant.yml in force (its whole validated content), or undefined when none has been accepted. */
export async function readTenantConfigInForce(db: Database, tenantId: string, sourceId: string): Promise<MappingContent | undefined> {
  return (await withTenant(db, tenantId, (tx) => readMappingInForce(tx, sourceId)))?.content;
}

/**
 * Serializes changes to one source of the transaction's tenant until the transaction ends, so two
 * refreshes of the same mapping never both decide on the same mapping in force.
 */
export async function lockMappingSource(tx: Transaction, tenantId: string, sourceId: string): Promise<void> {
  await tx.execute(sql`SELECT pg_advisory_xact_lock(hashtextextended(${`imagefactory.roles:${tenantId}:${sourceId}`}, 0))`);
}

export interface AcceptedMapping {
  tenantId: string;
  sourceId: string;
  commitSha: string;
  content: MappingContent;
  acceptedBy: string;
  acceptedAt: Date;
}

/** Puts a newly accepted mapping in force (or, for `undefined` content, removes the mapping). */
export async function replaceMappingInForce(tx: Transaction, tenantId: string, sourceId: string, accepted: Omit<AcceptedMapping, 'tenantId' | 'sourceId'> | undefined): Promise<void> {
  if (accepted === undefined) {
    await tx.delete(roleMappings).where(eq(roleMappings.source, sourceId));
    return;
  }
  const values = { commitSha: accepted.commitSha, content: accepted.content, acceptedBy: accepted.acceptedBy, acceptedAt: accepted.acceptedAt };
  await tx
    .insert(roleMappings)
    .values({ tenantId, source: sourceId, ...values })
    .onConflictDoUpdate({ target: [roleMappings.tenantId, roleMappings.source], set: values });
}

/** The newest `roles.accepted` or `roles.refused` event of a source (the audit trail keeps every decision). */
export async function latestMappingDecision(tx: Transaction, sourceId: string): Promise<AuditEvent | undefined> {
  const [event] = await tx
    .select()
    .from(auditEvents)
    .where(and(inArray(auditEvents.action, [ROLES_ACCEPTED, ROLES_REFUSED]), sql`${auditEvents.data}->>'source' = ${sourceId}`))
    .orderBy(desc(auditEvents.seq))
    .limit(1);
  return event;
}
