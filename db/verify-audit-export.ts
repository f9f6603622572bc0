import { createPublicKey, type KeyObject } from 'node:crypto';
import { AuditChainWalker } from './audit-chain-walker.js';
import { checkpointStatement, exportStatement } from './audit-checkpoint-statement.js';
import { auditKeyId, verifyAuditSignature } from './audit-key.js';
import { readAuditExport } from './read-audit-export.js';

export interface ExportVerification {
  /** Nothing wrong: every problem found is listed otherwise. */
  ok: boolean;
  problems: string[];
  format?: 'json' | 'csv';
  events: number;
  tenants: number;
  exportedAt?: string;
}

/** At most this many problems are listed (a rewritten export breaks every row after the first change). */
const MAX_PROBLEMS = 10;

/**
 * Verifies an export with a public key alone, no database: it must be signed by that key (the export
 * and each checkpoint), every event must hash to its hash and link to the one before it, the event count
 * must be the one signed, and each tenant's last event must be the one its checkpoint covers. A tampered,
 * truncated or re-signed export is refused, naming what is wrong.
 */
export async function verifyAuditExport(file: string, publicKey: { key: KeyObject; keyId: string }): Promise<ExportVerification> {
  const read = await readAuditExport(file);
  if (!read.ok) return { ok: false, problems: [read.problem], events: 0, tenants: 0 };
  const { block, events } = read;
  const problems: string[] = [];
  const done = (): ExportVerification => {
    const listed = problems.length > MAX_PROBLEMS ? [...problems.slice(0, MAX_PROBLEMS), `and ${problems.length - MAX_PROBLEMS} more`] : problems;
    const exportedAt = typeof block.exported_at === 'string' ? block.exported_at : undefined;
    return { ok: problems.length === 0, problems: listed, format: read.format, events: events.length, tenants: new Set(events.map((e) => e.tenantId)).size, exportedAt };
  };

  if (block.key_id !== publicKey.keyId) {
    problems.push(`it is signed by key ${String(block.key_id)}, not by the given key ${publicKey.keyId}`);
    return done();
  }
  if (typeof block.public_key === 'string' && embeddedKeyId(block.public_key) !== publicKey.keyId) {
    problems.push(`its public_key is not key ${publicKey.keyId}, the key it says signed it`);
  }
  const checkpoints = Array.isArray(block.checkpoints) ? (block.checkpoints as Record<string, unknown>[]) : [];
  if (!Array.isArray(block.checkpoints)) problems.push('"checkpoints" is not an array');
  const statement = exportStatementOf(block, checkpoints);
  if (statement === undefined || !verifyAuditSignature(publicKey.key, statement, block.signature as string)) {
    problems.push(`the export's own signature does not verify with key ${publicKey.keyId}: its scope, event count or checkpoints were altered`);
  }
  if (block.event_count !== events.length) {
    problems.push(`it holds ${events.length} events, but was signed holding ${String(block.event_count)}: events were removed or added`);
  }

  const walker = new AuditChainWalker({ partial: block.since !== null });
  for (const event of events) {
    const misfit = walker.next(event);
    if (misfit) problems.push(`tenant ${event.tenantId}, seq ${event.seq}, id ${event.id}: ${misfit.reason} (${misfit.detail})`);
  }

  const covered = new Set<string>();
  for (const c of checkpoints) {
    const tenantId = String(c.tenant_id);
    const seq = Number(c.seq);
    const signedAt = new Date(c.signed_at as string);
    const name = `the checkpoint of tenant ${tenantId} (${String(c.signed_at)}, seq ${seq})`;
    covered.add(tenantId);
    const valid =
      c.key_id === publicKey.keyId &&
      !Number.isNaN(signedAt.getTime()) &&
      verifyAuditSignature(publicKey.key, checkpointStatement({ tenantId, seq, hash: String(c.hash), signedAt, keyId: publicKey.keyId }), c.signature as string);
    if (!valid) {
      problems.push(`${name} does not verify with key ${publicKey.keyId}: it was forged or altered`);
      continue;
    }
    const last = walker.heads.get(tenantId);
    if (!last) problems.push(`${name} covers seq ${seq}, but the export holds none of that tenant's events`);
    else if (last.seq < seq) problems.push(`tenant ${tenantId} ends at seq ${last.seq}, but ${name} covers seq ${seq}: events are missing from the end`);
    else if (last.seq > seq) problems.push(`tenant ${tenantId} goes on to seq ${last.seq}, past ${name}: events were added`);
    else if (last.hash !== c.hash) problems.push(`the last event of tenant ${tenantId} (seq ${seq}) has hash ${last.hash}, but ${name} signed ${String(c.hash)}`);
  }
  for (const tenantId of walker.heads.keys()) {
    if (!covered.has(tenantId)) problems.push(`tenant ${tenantId} has no checkpoint: its events are not signed`);
  }
  return done();
}

function exportStatementOf(block: Record<string, unknown>, checkpoints: Record<string, unknown>[]): string | undefined {
  const exportedAt = new Date(block.exported_at as string);
  const since = block.since === null ? null : new Date(block.since as string);
  if (Number.isNaN(exportedAt.getTime()) || (since !== null && Number.isNaN(since.getTime()))) return undefined;
  if (block.tenant !== null && typeof block.tenant !== 'string') return undefined;
  if (!Number.isSafeInteger(block.event_count) || typeof block.signature !== 'string') return undefined;
  return exportStatement({
    exportedAt,
    tenant: block.tenant as string | null,
    since,
    eventCount: block.event_count as number,
    keyId: block.key_id as string,
    checkpointSignatures: checkpoints.map((c) => String(c.signature)),
  });
}

function embeddedKeyId(pem: string): string | undefined {
  try {
    return auditKeyId(createPublicKey(pem));
  } catch {
    return undefined;
  }
}
