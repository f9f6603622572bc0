import { stringify } from 'csv-stringify/sync';
import { AuditChainWalker } from './audit-chain-walker.js';
import { exportStatement } from './audit-checkpoint-statement.js';
import { canonicalJson } from './audit-hash.js';
import type { AuditSigner } from './audit-key.js';
import type { Database } from './database.js';
import { auditEventPages } from './audit-pages.js';
import type { AuditCheckpoint } from './schema/audit-checkpoints.js';
import type { AuditEvent } from './schema/audit-events.js';
import { recordCheckpoint } from './sign-audit-checkpoints.js';

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
  /** Signs a checkpoint per tenant and the export itself: every export is signed. */
  signer: AuditSigner;
  pageSize?: number;
  now?: () => Date;
}

/** `format` of a JSON export, and of the checkpoints file beside a CSV export. */
export const EXPORT_FORMAT = { json: 'imagefactory.audit-export', checkpoints: 'imagefactory.audit-export-checkpoints' } as const;

/** What the export returns when done: the CSV's checkpoints file (`FILE.checkpoints.json`) among it. */
export interface AuditExportSummary {
  count: number;
  checkpoints: AuditCheckpoint[];
  /** The signature block: the tail of a JSON export, the whole checkpoints file of a CSV export (JSON text). */
  signatureBlock: Record<string, unknown>;
}

/**
 * Streams the audit events in scope (ordered by tenant, then seq) as text chunks, each ending in "\n",
 * then signs: one checkpoint per tenant covering its last exported row (stored in audit_checkpoints too),
 * and the export as a whole (its scope, event count and checkpoints). Returns them (the generator's return
 * value). The chain is checked while streaming: an export whose rows do not chain is not signed (it throws,
 * naming the row).
 *
 * - `json`: one JSON object, `{"format":"imagefactory.audit-export","version":1,"events":[` with one event
 *   object per line (keys as AUDIT_EXPORT_COLUMNS, `at` an ISO string, `data` the stored JSON value), then
 *   the signature block's members (`tenant`, `since`, `exported_at`, `event_count`, `checkpoints`,
 *   `key_id`, `public_key`, `signature`). Valid JSON as a whole, and still line-oriented.
 * - `csv`: RFC 4180 quoting (fields holding a comma, quote, CR or LF are quoted, quotes doubled), a header
 *   line, "\n" line ends. A null is an empty field; an empty string is `""`. `data` is canonical JSON. The
 *   signature block goes to a file beside it (the caller writes `signatureBlock`).
 *
 * Without tenantId it reads every tenant (withCrossTenantRead): the caller checks the role.
 */
export async function* exportAuditEvents(db: Database, opts: AuditExportOptions): AsyncGenerator<string, AuditExportSummary> {
  if (opts.format !== 'json' && opts.format !== 'csv') throw new Error(`unknown export format ${JSON.stringify(opts.format)}: expected json or csv`);
  const pages = auditEventPages(db, { tenantId: opts.tenantId, since: opts.since, pageSize: opts.pageSize });
  const walker = new AuditChainWalker({ partial: opts.since !== undefined });
  const checked = (row: AuditEvent): AuditEvent => {
    const misfit = walker.next(row);
    if (misfit) {
      throw new Error(`not signing the export: the audit chain is broken at tenant ${row.tenantId}, seq ${row.seq}, id ${row.id}: ${misfit.reason} (${misfit.detail}); see \`imagefactory audit verify\``);
    }
    return row;
  };
  let count = 0;
  if (opts.format === 'csv') {
    yield csvLine(AUDIT_EXPORT_COLUMNS);
    for await (const page of pages) {
      for (const row of page) {
        yield csvLine(csvFields(checked(row)));
        count += 1;
      }
    }
    const summary = await signExport(db, opts, walker, count);
    return { ...summary, signatureBlock: { format: EXPORT_FORMAT.checkpoints, version: 1, ...summary.signatureBlock } };
  }
  yield `{"format":${JSON.stringify(EXPORT_FORMAT.json)},"version":1,"events":[\n`;
  // One record behind, so every chunk ends in "\n" (the last record takes no comma).
  let held: string | undefined;
  for await (const page of pages) {
    for (const row of page) {
      if (held !== undefined) yield `${held},\n`;
      held = JSON.stringify(exportRecord(checked(row)));
      count += 1;
    }
  }
  if (held !== undefined) yield `${held}\n`;
  const summary = await signExport(db, opts, walker, count);
  const members = Object.entries(summary.signatureBlock).map(([k, v]) => `${JSON.stringify(k)}:${JSON.stringify(v)}`);
  yield `],\n${members.join(',\n')}}\n`;
  return summary;
}

/** One checkpoint per tenant exported (its last row), then the export's own signature. */
async function signExport(db: Database, opts: AuditExportOptions, walker: AuditChainWalker, count: number) {
  const exportedAt = (opts.now ?? (() => new Date()))();
  const checkpoints: AuditCheckpoint[] = [];
  for (const [tenantId, head] of walker.heads) checkpoints.push(await recordCheckpoint(db, opts.signer, { tenantId, ...head }, exportedAt));
  const fields = {
    exportedAt,
    tenant: opts.tenantId ?? null,
    since: opts.since ?? null,
    eventCount: count,
    keyId: opts.signer.keyId,
    checkpointSignatures: checkpoints.map((c) => c.signature),
  };
  const signatureBlock = {
    tenant: fields.tenant,
    since: fields.since?.toISOString() ?? null,
    exported_at: exportedAt.toISOString(),
    event_count: count,
    checkpoints: checkpoints.map(exportCheckpoint),
    key_id: opts.signer.keyId,
    public_key: opts.signer.publicKeyPem,
    signature: opts.signer.sign(exportStatement(fields)),
  };
  return { count, checkpoints, signatureBlock };
}

/** A checkpoint as exported (SQL column names). */
export function exportCheckpoint(c: AuditCheckpoint) {
  return { tenant_id: c.tenantId, seq: c.seq, hash: c.hash, signed_at: c.signedAt.toISOString(), key_id: c.keyId, signature: c.signature };
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

function csvFields(row: AuditEvent): (string | null)[] {
  const record = exportRecord(row);
  return AUDIT_EXPORT_COLUMNS.map((column) => {
    const value = record[column];
    if (value === null || value === undefined) return null;
    return column === 'data' ? canonicalJson(value) : String(value);
  });
}

/** One RFC 4180 line (csv-stringify): quoted when needed, and always for the empty string, so it differs from null (an empty field). */
export function csvLine(values: readonly (string | null)[]): string {
  return stringify([values], { quoted_match: /^$/ });
}
