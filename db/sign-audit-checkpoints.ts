import { and, desc, eq, sql } from 'drizzle-orm';
import { checkpointStatement } from './audit-checkpoint-statement.js';
import type { AuditSigner } from './audit-key.js';
import { rowsOf, type Database, type Transaction } from './database.js';
import { auditCheckpoints, type AuditCheckpoint } from './schema/audit-checkpoints.js';
import { auditEvents } from './schema/audit-events.js';
import { withCrossTenantRead, withTenant } from './with-tenant.js';

/** A row of a tenant's chain a checkpoint covers. */
export interface ChainPoint {
  tenantId: string;
  seq: number;
  hash: string;
}

/** Signs "the row at seq had this hash" and stores the checkpoint, as its tenant (inside withTenant). */
export async function insertCheckpoint(tx: Transaction, signer: AuditSigner, point: ChainPoint, signedAt: Date): Promise<AuditCheckpoint> {
  const fields = { ...point, signedAt: new Date(signedAt.getTime()), keyId: signer.keyId };
  const [row] = await tx
    .insert(auditCheckpoints)
    .values({ ...fields, signature: signer.sign(checkpointStatement(fields)) })
    .returning();
  return row;
}

/** A checkpoint of one row (an export's last row of a tenant), signed now. */
export async function recordCheckpoint(db: Database, signer: AuditSigner, point: ChainPoint, signedAt = new Date()): Promise<AuditCheckpoint> {
  return withTenant(db, point.tenantId, (tx) => insertCheckpoint(tx, signer, point, signedAt));
}

/**
 * Signs the head of every tenant whose chain moved since its last checkpoint by this key: what the
 * schedule runs. Tenants are found in one cross-tenant read (the factory's own job, as the operator); each
 * is then signed as itself under a per-tenant lock, re-reading its head, so two runs sign a head once.
 */
export async function checkpointMovedHeads(db: Database, signer: AuditSigner, now: () => Date = () => new Date()): Promise<AuditCheckpoint[]> {
  const moved = await withCrossTenantRead(db, async (tx) =>
    rowsOf<{ tenant_id: string }>(
      await tx.execute(sql`
        SELECT t.id AS tenant_id FROM tenants t
        CROSS JOIN LATERAL (SELECT e.seq FROM audit_events e WHERE e.tenant_id = t.id ORDER BY e.seq DESC LIMIT 1) head
        LEFT JOIN LATERAL (SELECT max(c.seq) AS seq FROM audit_checkpoints c WHERE c.tenant_id = t.id AND c.key_id = ${signer.keyId}) signed ON true
        WHERE head.seq > coalesce(signed.seq, 0)
        ORDER BY t.id`),
    ),
  );
  const signed: AuditCheckpoint[] = [];
  for (const { tenant_id: tenantId } of moved) {
    const checkpoint = await withTenant(db, tenantId, async (tx) => {
      await tx.execute(sql`SELECT pg_advisory_xact_lock(hashtextextended(${`imagefactory.checkpoint:${tenantId}`}, 0))`);
      const [head] = await tx
        .select({ seq: auditEvents.seq, hash: auditEvents.hash })
        .from(auditEvents)
        .where(eq(auditEvents.tenantId, tenantId))
        .orderBy(desc(auditEvents.seq))
        .limit(1);
      const [last] = await tx
        .select({ seq: auditCheckpoints.seq })
        .from(auditCheckpoints)
        .where(and(eq(auditCheckpoints.tenantId, tenantId), eq(auditCheckpoints.keyId, signer.keyId)))
        .orderBy(desc(auditCheckpoints.seq))
        .limit(1);
      if (!head || head.seq <= (last?.seq ?? 0)) return undefined;
      return insertCheckpoint(tx, signer, { tenantId, ...head }, now());
    });
    if (checkpoint) signed.push(checkpoint);
  }
  return signed;
}
