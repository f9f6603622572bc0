import { canonicalJson } from './audit-hash.js';
import type { Database } from './database.js';
import { auditEventPages } from './audit-pages.js';
import type { AuditEvent } from './schema/audit-events.js';

export type AuditExportFormat = 'json' | 'csv';

/** Export columns, in order: the table's columns under their SQL names. */
export const AUDIT_EXPORT_COLUMNS = [
  'id',
  'tenant_id',
  'seq',
  'at',
  'actor',
  'action',
  'project',
  'build_id',
  'decision',
  'reason',
  'data',
  'idempotency_key',
  'prev_hash',
  'hash',
] as const;

export interface AuditExportOptions {
  tenantId?: string;
  since?: Date;
  format: AuditExportFormat;
  pageSize?: number;
}

/**
 * Streams the audit events in scope (ordered by tenant, then seq) as text chunks, each ending in "\n";
 * returns how many events were written (the generator's return value).
 *
 * - `json`: one JSON array, one event object per line (valid JSON as a whole, and still line-oriented),
 *   keys as AUDIT_EXPORT_COLUMNS, `at` an ISO string, `data` the stored JSON value.
 * - `csv`: RFC 4180 quoting (fields holding a comma, quote, CR or LF are quoted, quotes doubled), a header
 *   line, "\n" line ends. A null is an empty field; an empty string is `""`. `data` is canonical JSON.
 *
 * Without tenantId it reads every tenant (withCrossTenantRead): the caller checks the role.
 */
export async function* exportAuditEvents(db: Database, opts: AuditExportOptions): AsyncGenerator<string, number> {
  const pages = auditEventPages(db, { tenantId: opts.tenantId, since: opts.since, pageSize: opts.pageSize });
  let count = 0;
  if (opts.format === 'csv') {
    yield `${AUDIT_EXPORT_COLUMNS.join(',')}\n`;
    for await (const page of pages) {
      for (const row of page) {
        yield `${csvFields(row).join(',')}\n`;
        count += 1;
      }
    }
    return count;
  }
  if (opts.format !== 'json') throw new Error(`unknown export format ${JSON.stringify(opts.format)}: expected json or csv`);
  yield '[\n';
  // One record behind, so every chunk ends in "\n" (the last record takes no comma).
  let held: string | undefined;
  for await (const page of pages) {
    for (const row of page) {
      if (held !== undefined) yield `${held},\n`;
      held = JSON.stringify(exportRecord(row));
      count += 1;
    }
  }
  yield held === undefined ? ']\n' : `${held}\n]\n`;
  return count;
}

/** One event as exported in JSON (the table's SQL column names). */
export function exportRecord(row: AuditEvent): Record<(typeof AUDIT_EXPORT_COLUMNS)[number], unknown> {
  return {
    id: row.id,
    tenant_id: row.tenantId,
    seq: row.seq,
    at: row.at.toISOString(),
    actor: row.actor,
    action: row.action,
    project: row.project,
    build_id: row.buildId,
    decision: row.decision,
    reason: row.reason,
    data: row.data ?? null,
    idempotency_key: row.idempotencyKey,
    prev_hash: row.prevHash,
    hash: row.hash,
  };
}

function csvFields(row: AuditEvent): string[] {
  const record = exportRecord(row);
  return AUDIT_EXPORT_COLUMNS.map((column) => {
    const value = record[column];
    if (value === null || value === undefined) return '';
    if (column === 'data') return csvQuote(canonicalJson(value));
    return csvQuote(String(value));
  });
}

/** RFC 4180: quote when needed (and always for the empty string, so it differs from null). */
export function csvQuote(value: string): string {
  return value === '' || /[",\r\n]/.test(value) ? `"${value.replace(/"/g, '""')}"` : value;
}
