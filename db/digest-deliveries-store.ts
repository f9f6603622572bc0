import { and, eq, sql } from 'drizzle-orm';
import type { DigestCadence } from '../manifest/digest-plan.js';
import { appendAuditEvent } from './append-audit-event.js';
import type { Database } from './database.js';
import { digestDeliveries, type DigestDelivery } from './schema/digest-deliveries.js';
import { withTenant } from './with-tenant.js';

/** One digest email as its row names it: `key` is `<project or *>/<cadence>/<period end>/<recipient>`. */
export interface DigestDeliveryKey {
  tenantId: string;
  key: string;
  /** `owner/name`; none: the tenant's digest. */
  repository?: string;
  cadence: DigestCadence;
  periodSince: Date;
  periodUntil: Date;
  recipient: string;
}

/**
 * Takes one attempt at a digest email: creates its row (pending) or counts one more attempt on it, and
 * returns the row as it is now. A row already `sent` is left as it is: the caller sends nothing.
 */
export async function claimDigestDelivery(db: Database, row: DigestDeliveryKey & { messageId: string }): Promise<DigestDelivery> {
  return withTenant(db, row.tenantId, async (tx) => {
    const [claimed] = await tx
      .insert(digestDeliveries)
      .values({ ...row, repository: row.repository ?? null, status: 'pending', attempts: 1 })
      .onConflictDoUpdate({
        target: [digestDeliveries.tenantId, digestDeliveries.key],
        set: { attempts: sql`${digestDeliveries.attempts} + case when ${digestDeliveries.status} = 'sent' then 0 else 1 end`, updatedAt: sql`now()` },
      })
      .returning();
    return claimed;
  });
}

/** The digest email went out: never again. */
export async function markDigestSent(db: Database, tenantId: string, key: string): Promise<void> {
  await withTenant(db, tenantId, (tx) => tx.update(digestDeliveries).set({ status: 'sent', sentAt: sql`now()`, updatedAt: sql`now()`, lastError: null }).where(eq(digestDeliveries.key, key)));
}

/** An attempt failed (it will be retried): why, on the row. */
export async function noteDigestError(db: Database, tenantId: string, key: string, error: string): Promise<void> {
  await withTenant(db, tenantId, (tx) => tx.update(digestDeliveries).set({ lastError: error, updatedAt: sql`now()` }).where(and(eq(digestDeliveries.key, key), eq(digestDeliveries.status, 'pending'))));
}

/**
 * The digest email gave up: its row says `failed` with the last error (made if no attempt ever reached
 * the database), and the tenant's audit trail says so, once (`digest.failed`).
 */
export async function recordDigestFailure(db: Database, row: DigestDeliveryKey & { error: string }): Promise<void> {
  const { error, ...key } = row;
  await withTenant(db, row.tenantId, async (tx) => {
    await tx
      .insert(digestDeliveries)
      .values({ ...key, repository: key.repository ?? null, status: 'failed', lastError: error })
      .onConflictDoUpdate({ target: [digestDeliveries.tenantId, digestDeliveries.key], set: { status: sql`case when ${digestDeliveries.status} = 'sent' then 'sent' else 'failed' end`, lastError: error, updatedAt: sql`now()` } });
    await appendAuditEvent(tx, {
      actor: 'system',
      action: 'digest.failed',
      ...(row.repository ? { project: row.repository } : {}),
      reason: error,
      data: { cadence: row.cadence, recipient: row.recipient, since: row.periodSince.toISOString(), until: row.periodUntil.toISOString() },
      idempotencyKey: `digest.failed/${row.key}`,
    });
  });
}
