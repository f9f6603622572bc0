import { and, asc, eq, gte, sql, type SQL } from 'drizzle-orm';
import type { Database, Transaction } from './database.js';
import { auditEvents, type AuditEvent } from './schema/audit-events.js';
import { withCrossTenantRead, withTenant } from './with-tenant.js';

export interface AuditScope {
  /** One tenant (read as that tenant); omitted: every tenant (a cross-tenant read). */
  tenantId?: string;
  /** Only events at or after this instant. */
  since?: Date;
  /** Rows per query; default 1000. */
  pageSize?: number;
}

/**
 * The audit events in scope, ordered by tenant then seq, read page by page (keyset pagination on
 * (tenant_id, seq), one short transaction per page), so a long trail never sits in memory.
 */
export async function* auditEventPages(db: Database, scope: AuditScope = {}): AsyncGenerator<AuditEvent[]> {
  const pageSize = scope.pageSize ?? 1000;
  let after: { tenantId: string; seq: number } | undefined;
  for (;;) {
    const conditions: SQL[] = [];
    if (scope.tenantId !== undefined) conditions.push(eq(auditEvents.tenantId, scope.tenantId));
    if (scope.since) conditions.push(gte(auditEvents.at, scope.since));
    if (after) conditions.push(sql`(${auditEvents.tenantId}, ${auditEvents.seq}) > (${after.tenantId}, ${after.seq})`);
    const read = (tx: Transaction) =>
      tx
        .select()
        .from(auditEvents)
        .where(and(...conditions))
        .orderBy(asc(auditEvents.tenantId), asc(auditEvents.seq))
        .limit(pageSize);
    const page = scope.tenantId !== undefined ? await withTenant(db, scope.tenantId, read) : await withCrossTenantRead(db, read);
    if (page.length === 0) return;
    yield page;
    if (page.length < pageSize) return;
    const last = page[page.length - 1];
    after = { tenantId: last.tenantId, seq: last.seq };
  }
}
