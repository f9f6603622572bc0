import { getTableColumns, sql, type SQL } from 'drizzle-orm';
import { auditHash, auditHashedMembers, canonicalJson, type AuditHashedFields } from './audit-hash.js';
import { databaseError, rowsOf, type Database, type Transaction } from './database.js';
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
 * Appends one event to the tenant's hash chain, inside a withTenant transaction, in one statement: the
 * database's append_audit_event takes a per-tenant transaction advisory lock (held until the caller's
 * transaction ends, so concurrent appends never fork the chain), returns the row an idempotency key already
 * wrote if there is one, else reads the head and inserts the next row, hashed there over the members this
 * side serialized. Returns the row; a row that does not hash as verifyAuditChain will check it is refused
 * (an exception, so the caller's transaction rolls back). An event that is all its transaction would do:
 * recordAuditEvent.
 */
export async function appendAuditEvent(tx: Transaction, event: AuditEventInput): Promise<AuditEvent> {
  const args = appendArguments(event);
  return appended(() => tx.execute(sql`SELECT * FROM append_audit_event(${event.tenantId ?? null}, ${args})`));
}

/**
 * Appends one event in a transaction of its own: one statement, BEGIN and COMMIT included, where
 * withTenant and appendAuditEvent take four. The database's record_audit_event becomes imagefactory_app and
 * `tenantId` for that transaction only (as withTenant does) and appends as appendAuditEvent does, lock and
 * idempotency key included; the event is durable when this returns. Inside a withTenant transaction use
 * appendAuditEvent, so the event commits or rolls back with the rest (on the same connection this is
 * refused; on another, after that transaction appended for the tenant, it would wait for its lock forever).
 */
export async function recordAuditEvent(db: Database, tenantId: string, event: AuditEventInput): Promise<AuditEvent> {
  if (typeof tenantId !== 'string' || tenantId.trim() === '') throw new Error(`recordAuditEvent needs a tenant id, got ${JSON.stringify(tenantId)}`);
  if (event.tenantId !== undefined && event.tenantId !== tenantId) throw new Error(`recordAuditEvent: event is for tenant ${event.tenantId} but was recorded for tenant ${tenantId}`);
  const args = appendArguments(event);
  return appended(() => db.execute(sql`SELECT * FROM record_audit_event(${tenantId}, ${args})`));
}

/** The arguments after the tenant both functions take: the columns, then the hashed members in between. */
function appendArguments(event: AuditEventInput): SQL {
  if (!event.actor || !event.action) throw new Error('appendAuditEvent: actor and action are required');
  // Canonical JSON is what jsonb gives back too: undefined members dropped, Dates as ISO strings.
  const data = canonicalJson(event.data ?? null);
  const fields: AuditHashedFields = {
    at: new Date((event.at ?? new Date()).getTime()),
    actor: wellFormed(event.actor),
    action: wellFormed(event.action),
    project: optional(event.project),
    buildId: optional(event.buildId),
    decision: optional(event.decision),
    reason: optional(event.reason),
    data: event.data ?? null,
    idempotencyKey: optional(event.idempotencyKey),
  };
  const members = auditHashedMembers(fields, data);
  const dataParam = data === 'null' ? null : data; // SQL NULL, as before, for no data
  return sql`${fields.at.toISOString()}::timestamptz, ${fields.actor}, ${fields.action}, ${fields.project}, ${fields.buildId},
    ${fields.decision}, ${fields.reason}, ${dataParam}::jsonb, ${fields.idempotencyKey}, ${members}`;
}

/** The row the statement returned, checked against the hash the verifier will recompute. */
async function appended(run: () => Promise<unknown>): Promise<AuditEvent> {
  let raw: Record<string, unknown> | undefined;
  try {
    [raw] = rowsOf<Record<string, unknown>>(await run());
  } catch (err) {
    // The functions' own refusals (no tenant, another tenant) in their words; other faults as they are.
    const { message, code } = databaseError(err);
    if (code === 'P0001') throw new Error(message, { cause: err });
    throw err;
  }
  if (!raw) throw new Error('appendAuditEvent: the database returned no row');
  const row = auditEventOf(raw);
  const recomputed = auditHash(row);
  if (recomputed !== row.hash) throw new Error(`appendAuditEvent: ${row.tenantId} seq ${row.seq} was stored with hash ${row.hash}, but its content hashes to ${recomputed}`);
  return row;
}

const columns = Object.entries(getTableColumns(auditEvents));

/** A row as append_audit_event returns it (column names, driver values) as drizzle's select gives it. */
function auditEventOf(raw: Record<string, unknown>): AuditEvent {
  const row: Record<string, unknown> = {};
  for (const [key, column] of columns) {
    const value = raw[column.name];
    row[key] = value === null || value === undefined ? null : column.mapFromDriverValue(value);
  }
  return row as AuditEvent;
}

function optional(value: string | null | undefined): string | null {
  return value === undefined || value === null ? null : wellFormed(value);
}

/** Lone surrogates would be replaced when encoded to UTF-8 for Postgres, and the hash would not match. */
function wellFormed(value: string): string {
  return value.replace(/[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/g, '\uFFFD');
}
