import { getTableColumns, sql } from 'drizzle-orm';
import { auditHash, auditHashedMembers, canonicalJson, type AuditHashedFields } from './audit-hash.js';
import { databaseError, rowsOf, type Transaction } from './database.js';
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
 * Appends one event to the tenant's hash chain, inside a withTenant transaction, in one round trip: the
 * database's append_audit_event takes a per-tenant transaction advisory lock (held until the caller's
 * transaction ends, so concurrent appends never fork the chain), returns the row an idempotency key already
 * wrote if there is one, else reads the head and inserts the next row, hashed there over the members this
 * side serialized. Returns the row; a row that does not hash as verifyAuditChain will check it is refused
 * (an exception, so the caller's transaction rolls back).
 */
export async function appendAuditEvent(tx: Transaction, event: AuditEventInput): Promise<AuditEvent> {
  if (!event.actor || !event.action) throw new Error('appendAuditEvent: actor and action are required');
  const data = event.data === undefined ? 'null' : canonicalJson(event.data);
  const fields: AuditHashedFields = {
    at: new Date((event.at ?? new Date()).getTime()),
    actor: wellFormed(event.actor),
    action: wellFormed(event.action),
    project: optional(event.project),
    buildId: optional(event.buildId),
    decision: optional(event.decision),
    reason: optional(event.reason),
    // What jsonb gives back: undefined members dropped, Dates as ISO strings.
    data: JSON.parse(data) as unknown,
    idempotencyKey: optional(event.idempotencyKey),
  };
  const members = auditHashedMembers(fields);
  const dataParam = data === 'null' ? null : data; // SQL NULL, as before, for no data
  let raw: Record<string, unknown> | undefined;
  try {
    [raw] = rowsOf<Record<string, unknown>>(
      await tx.execute(sql`SELECT * FROM append_audit_event(${event.tenantId ?? null}, ${fields.at.toISOString()}::timestamptz, ${fields.actor},
        ${fields.action}, ${fields.project}, ${fields.buildId}, ${fields.decision}, ${fields.reason}, ${dataParam}::jsonb, ${fields.idempotencyKey}, ${members})`),
    );
  } catch (err) {
    // append_audit_event's own refusals (no tenant, another tenant) in its words; other faults as they are.
    const { message, code } = databaseError(err);
    if (code === 'P0001') throw new Error(message, { cause: err });
    throw err;
  }
  if (!raw) throw new Error('appendAuditEvent: the database returned no row');
  const row = auditEventOf(raw);
  if (auditHash(row) !== row.hash) {
    throw new Error(`appendAuditEvent: ${row.tenantId} seq ${row.seq} was stored with hash ${row.hash}, but its content hashes to ${auditHash(row)}`);
  }
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
