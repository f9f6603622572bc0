import { createHash } from 'node:crypto';

/** prev_hash of a tenant's first audit event. */
export const GENESIS_HASH = '0'.repeat(64);

/** The fields of an audit row its hash covers: every column but `id` (assigned by the database) and `hash`. */
export interface AuditHashInput {
  tenantId: string;
  seq: number;
  at: Date;
  actor: string;
  action: string;
  project: string | null;
  buildId: string | null;
  decision: string | null;
  reason: string | null;
  data: unknown;
  idempotencyKey: string | null;
  prevHash: string;
}

/**
 * The canonical serialization an audit row's hash is taken over (version 1), documented in
 * docs/data-model.md: a JSON object, keys in this fixed order, no whitespace:
 *
 *   {"v":1,"tenant_id":…,"seq":…,"at":…,"actor":…,"action":…,"project":…,"build_id":…,
 *    "decision":…,"reason":…,"data":…,"idempotency_key":…,"prev_hash":…}
 *
 * - every key is always present; a missing optional value is `null` (missing and null hash the same);
 * - `seq` is a JSON number; `at` is an ISO 8601 UTC string with milliseconds (`2024-05-01T12:00:00.000Z`);
 * - `data` is canonical JSON: object keys sorted by UTF-16 code units at every depth, object members whose
 *   value is `undefined` left out, arrays kept in order, strings and numbers as JSON.stringify writes them;
 * - strings are JSON-escaped as JSON.stringify does.
 */
export function auditCanonicalString(row: AuditHashInput): string {
  return `{"v":1,"tenant_id":${JSON.stringify(row.tenantId)},"seq":${JSON.stringify(row.seq)},${auditHashedMembers(row)},"prev_hash":${JSON.stringify(row.prevHash)}}`;
}

/** The members of the serialization an appender knows before it holds the tenant's lock. */
export type AuditHashedFields = Omit<AuditHashInput, 'tenantId' | 'seq' | 'prevHash'>;

/**
 * The serialization's members from `at` to `idempotency_key`, comma-separated, without braces: what lies
 * between `seq` and `prev_hash`. The database's append_audit_event puts the tenant, seq and prev_hash
 * around it under the tenant's lock (migration 0010_append_audit_event). `canonicalData`: canonicalJson of
 * the row's data, when the caller has it already.
 */
export function auditHashedMembers(row: AuditHashedFields, canonicalData: string = canonicalJson(row.data ?? null)): string {
  if (!(row.at instanceof Date) || Number.isNaN(row.at.getTime())) throw new Error('audit event `at` must be a valid Date');
  const fields: [string, string][] = [
    ['at', JSON.stringify(row.at.toISOString())],
    ['actor', JSON.stringify(row.actor)],
    ['action', JSON.stringify(row.action)],
    ['project', JSON.stringify(row.project ?? null)],
    ['build_id', JSON.stringify(row.buildId ?? null)],
    ['decision', JSON.stringify(row.decision ?? null)],
    ['reason', JSON.stringify(row.reason ?? null)],
    ['data', canonicalData],
    ['idempotency_key', JSON.stringify(row.idempotencyKey ?? null)],
  ];
  return fields.map(([k, v]) => `${JSON.stringify(k)}:${v}`).join(',');
}

/** sha256 (lowercase hex) of the canonical serialization's UTF-8 bytes. */
export function auditHash(row: AuditHashInput): string {
  return createHash('sha256').update(auditCanonicalString(row), 'utf8').digest('hex');
}

/**
 * Canonical JSON of a JSON value: sorted object keys, no whitespace. Values go through toJSON first (a
 * Date becomes its ISO string) the way JSON.stringify treats them, so hashing `x` and hashing
 * `JSON.parse(JSON.stringify(x))` (what jsonb gives back) agree.
 */
export function canonicalJson(value: unknown): string {
  const normalized = value === undefined ? null : JSON.parse(JSON.stringify(value)) as unknown;
  return write(normalized);
}

function write(value: unknown): string {
  if (value === null || typeof value !== 'object') return JSON.stringify(value);
  if (Array.isArray(value)) return `[${value.map(write).join(',')}]`;
  const obj = value as Record<string, unknown>;
  const keys = Object.keys(obj).sort();
  return `{${keys.map((k) => `${JSON.stringify(k)}:${write(obj[k])}`).join(',')}}`;
}
