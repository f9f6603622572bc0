/**
 * The canonical texts audit signatures are taken over (version 1, documented in docs/data-model.md): JSON
 * objects with keys in a fixed order and no whitespace, strings escaped as JSON.stringify does, instants as
 * ISO 8601 UTC with milliseconds. Ed25519 signs their UTF-8 bytes.
 */

/** What a checkpoint says: the row at `seq` of `tenantId` had hash `hash`, signed at `signedAt` by `keyId`. */
export interface CheckpointFields {
  tenantId: string;
  seq: number;
  hash: string;
  signedAt: Date;
  keyId: string;
}

/** `{"v":1,"type":"imagefactory.audit-checkpoint","tenant_id":…,"seq":…,"hash":…,"signed_at":…,"key_id":…}` */
export function checkpointStatement(c: CheckpointFields): string {
  return canonical([
    ['v', 1],
    ['type', 'imagefactory.audit-checkpoint'],
    ['tenant_id', c.tenantId],
    ['seq', c.seq],
    ['hash', c.hash],
    ['signed_at', iso(c.signedAt)],
    ['key_id', c.keyId],
  ]);
}

/** What an export's own signature covers: its scope, its size and the checkpoints it carries. */
export interface ExportFields {
  exportedAt: Date;
  tenant: string | null;
  since: Date | null;
  eventCount: number;
  keyId: string;
  /** The signatures of the export's checkpoints, in the export's order. */
  checkpointSignatures: string[];
}

/**
 * `{"v":1,"type":"imagefactory.audit-export","exported_at":…,"tenant":…,"since":…,"event_count":…,
 *  "key_id":…,"checkpoints":[…signatures…]}`
 */
export function exportStatement(e: ExportFields): string {
  return canonical([
    ['v', 1],
    ['type', 'imagefactory.audit-export'],
    ['exported_at', iso(e.exportedAt)],
    ['tenant', e.tenant],
    ['since', e.since === null ? null : iso(e.since)],
    ['event_count', e.eventCount],
    ['key_id', e.keyId],
    ['checkpoints', e.checkpointSignatures],
  ]);
}

function iso(at: Date): string {
  if (!(at instanceof Date) || Number.isNaN(at.getTime())) throw new Error('a signed instant must be a valid Date');
  return at.toISOString();
}

function canonical(fields: [string, unknown][]): string {
  return `{${fields.map(([k, v]) => `${JSON.stringify(k)}:${JSON.stringify(v)}`).join(',')}}`;
}
