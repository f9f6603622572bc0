import { and, desc, eq, sql } from 'drizzle-orm';
import { auditHash, canonicalJson, GENESIS_HASH } from './audit-hash.js';
import { rowsOf, type Transaction } from './database.js';
import { auditEvents, type AuditEvent } from './schema/audit-events.js';

/** What a caller records; seq, prev_hash and hash are the chain's business. */
export interface AuditEventInput {
  /** Optional cross-check: must equal the tenant of the withTenant transaction, which is what is used. */
  tenantId?: string;
  /** Who: a GitHub login, `slack:<user>`, or `system` for the factory itself. */
  actor: string;
  /** What, e.g. `build.started`, `approval.decided`, `command.refused`. */
  action: string;
  /** Repository full name. */
  project?: string | null;
  buildId?: string | null;
  /** e.g. `allow`, `deny`, `approve`, `reject`, `release`. */
  decision?: string | null;
  reason?: string | null;
  /** Any JSON value; stored as jsonb and hashed in canonical form. */
  data?: unknown;
  /** Default: now. Stored and hashed with millisecond precision. */
  at?: Date;
  /**
   * Set by callers that may run twice (Temporal activities are retried): a second append with the same key
   * for the same tenant appends nothing and returns the row the first one wrote.
   */
  idempotencyKey?: string | null;
}

/**
 * Appends one event to the tenant's hash chain, inside a withTenant transaction. A per-tenant transaction
 * advisory lock serializes appenders, so concurrent appends never fork the chain; the lock is held until
 * the caller's transaction ends. Returns the row (the existing one when the idempotency key was seen).
 */
export async function appendAuditEvent(tx: Transaction, event: AuditEventInput): Promise<AuditEvent> {
  const [{ tenant }] = rowsOf<{ tenant: string | null }>(
    await tx.execute(sql`SELECT current_setting('imagefactory.tenant_id', true) AS tenant`),
  );
  if (!tenant) throw new Error('appendAuditEvent must run inside withTenant (no tenant is set on this transaction)');
  if (event.tenantId !== undefined && event.tenantId !== tenant) {
    throw new Error(`appendAuditEvent: event is for tenant ${event.tenantId} but the transaction is tenant ${tenant}`);
  }
  if (!event.actor || !event.action) throw new Error('appendAuditEvent: actor and action are required');

  await tx.execute(sql`SELECT pg_advisory_xact_lock(hashtextextended(${`imagefactory.audit:${tenant}`}, 0))`);

  const idempotencyKey = event.idempotencyKey ?? null;
  if (idempotencyKey !== null) {
    const [existing] = await tx
      .select()
      .from(auditEvents)
      .where(and(eq(auditEvents.tenantId, tenant), eq(auditEvents.idempotencyKey, idempotencyKey)));
    if (existing) return existing;
  }

  const [last] = await tx
    .select({ seq: auditEvents.seq, hash: auditEvents.hash })
    .from(auditEvents)
    .where(eq(auditEvents.tenantId, tenant))
    .orderBy(desc(auditEvents.seq))
    .limit(1);

  const row = {
    tenantId: tenant,
    seq: (last?.seq ?? 0) + 1,
    at: new Date((event.at ?? new Date()).getTime()),
    actor: wellFormed(event.actor),
    action: wellFormed(event.action),
    project: optional(event.project),
    buildId: optional(event.buildId),
    decision: optional(event.decision),
    reason: optional(event.reason),
    // What jsonb gives back: undefined members dropped, Dates as ISO strings.
    data: event.data === undefined ? null : (JSON.parse(canonicalJson(event.data)) as unknown),
    idempotencyKey: idempotencyKey === null ? null : wellFormed(idempotencyKey),
    prevHash: last?.hash ?? GENESIS_HASH,
  };
  const [inserted] = await tx
    .insert(auditEvents)
    .values({ ...row, hash: auditHash(row) })
    .returning();
  return inserted;
}

function optional(value: string | null | undefined): string | null {
  return value === undefined || value === null ? null : wellFormed(value);
}

/** Lone surrogates would be replaced when encoded to UTF-8 for Postgres, and the hash would not match. */
function wellFormed(value: string): string {
  return value.replace(/[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/g, '\uFFFD');
}
