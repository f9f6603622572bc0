import { readFile } from 'node:fs/promises';
import { parse } from 'csv-parse/sync';
import type { AuditHashInput } from './audit-hash.js';
import { AUDIT_EXPORT_COLUMNS, EXPORT_FORMAT } from './export-audit-events.js';

/** An exported event back as the row shape its hash is defined on. */
export type ExportedEvent = AuditHashInput & { id: number; hash: string };

/** An export as read from its file(s): the events, and the signature block (the JSON tail, or the CSV's checkpoints file). */
export type ExportRead = { ok: true; format: 'json' | 'csv'; events: ExportedEvent[]; block: Record<string, unknown> } | { ok: false; problem: string };

/** Where the signature block of a CSV export lives. */
export const checkpointsFileOf = (file: string) => `${file}.checkpoints.json`;

/**
 * Reads a JSON export, or a CSV export with its FILE.checkpoints.json. A file that cannot be read or
 * parsed, or does not hold an export, is a refusal naming the file.
 */
export async function readAuditExport(file: string): Promise<ExportRead> {
  const text = await readText(file);
  if (!text.ok) return text;
  if (text.value.trimStart().startsWith('{')) {
    const doc = parseJson(file, text.value);
    if (!doc.ok) return doc;
    if (doc.value.format !== EXPORT_FORMAT.json || doc.value.version !== 1) {
      return { ok: false, problem: `${file} is not an audit export: expected "format": "${EXPORT_FORMAT.json}", "version": 1` };
    }
    if (!Array.isArray(doc.value.events)) return { ok: false, problem: `${file}: "events" is not an array` };
    const events = (doc.value.events as unknown[]).map((r, i) => fromRecord(r, `${file}: event ${i + 1}`));
    const bad = events.find((e): e is string => typeof e === 'string');
    return bad ? { ok: false, problem: bad } : { ok: true, format: 'json', events: events as ExportedEvent[], block: doc.value };
  }
  const sidecar = checkpointsFileOf(file);
  const blockText = await readText(sidecar);
  if (!blockText.ok) {
    return { ok: false, problem: `${file} is a CSV export, and its checkpoints file ${sidecar} cannot be read (${blockText.problem}): a CSV export's checkpoints and signature live there` };
  }
  const block = parseJson(sidecar, blockText.value);
  if (!block.ok) return block;
  if (block.value.format !== EXPORT_FORMAT.checkpoints || block.value.version !== 1) {
    return { ok: false, problem: `${sidecar} is not an audit export's checkpoints file: expected "format": "${EXPORT_FORMAT.checkpoints}", "version": 1` };
  }
  let rows: (string | null)[][];
  try {
    // RFC 4180 as exported: an empty field is null, a quoted empty field ("") the empty string.
    rows = parse(text.value, { cast: (value, context) => (value === '' && !context.quoting ? null : value) });
  } catch (err) {
    return { ok: false, problem: `${file} is not valid CSV: ${(err as Error).message}` };
  }
  const [header, ...records] = rows;
  if (header?.join(',') !== AUDIT_EXPORT_COLUMNS.join(',')) return { ok: false, problem: `${file}: the header is not ${AUDIT_EXPORT_COLUMNS.join(',')}` };
  const events: ExportedEvent[] = [];
  for (const [i, row] of records.entries()) {
    const record: Record<string, unknown> = Object.fromEntries(header.map((column, j) => [column, row[j]]));
    let data: unknown;
    try {
      data = record.data === null ? null : JSON.parse(record.data as string);
    } catch {
      return { ok: false, problem: `${file}: line ${i + 2}: data is not JSON` };
    }
    const event = fromRecord({ ...record, id: Number(record.id), seq: Number(record.seq), data }, `${file}: line ${i + 2}`);
    if (typeof event === 'string') return { ok: false, problem: event };
    events.push(event);
  }
  return { ok: true, format: 'csv', events, block: block.value };
}

async function readText(file: string): Promise<{ ok: true; value: string } | { ok: false; problem: string }> {
  try {
    return { ok: true, value: await readFile(file, 'utf8') };
  } catch (err) {
    return { ok: false, problem: `cannot read ${file}: ${(err as NodeJS.ErrnoException).code ?? (err as Error).message}` };
  }
}

function parseJson(file: string, text: string): { ok: true; value: Record<string, unknown> } | { ok: false; problem: string } {
  try {
    const value = JSON.parse(text) as unknown;
    if (value !== null && typeof value === 'object' && !Array.isArray(value)) return { ok: true, value: value as Record<string, unknown> };
    return { ok: false, problem: `${file} is not an audit export: it holds no JSON object` };
  } catch (err) {
    return { ok: false, problem: `${file} is not valid JSON: ${(err as Error).message}` };
  }
}

const TEXT = ['tenant_id', 'actor', 'action', 'prev_hash', 'hash'] as const;
const OPTIONAL = ['project', 'build_id', 'decision', 'reason', 'idempotency_key'] as const;

/** An exported record as an event, or a sentence saying which field is wrong. */
function fromRecord(value: unknown, where: string): ExportedEvent | string {
  const r = value as Record<string, unknown> | null;
  if (r === null || typeof r !== 'object') return `${where} is not an object`;
  for (const k of TEXT) if (typeof r[k] !== 'string') return `${where}: ${k} is not a string`;
  for (const k of OPTIONAL) if (r[k] !== null && typeof r[k] !== 'string') return `${where}: ${k} is neither a string nor null`;
  if (!Number.isSafeInteger(r.seq) || !Number.isSafeInteger(r.id)) return `${where}: id and seq must be whole numbers`;
  const at = new Date(r.at as string);
  if (typeof r.at !== 'string' || Number.isNaN(at.getTime())) return `${where}: at is not an ISO date-time`;
  return {
    id: r.id as number,
    tenantId: r.tenant_id as string,
    seq: r.seq as number,
    at,
    actor: r.actor as string,
    action: r.action as string,
    project: r.project as string | null,
    buildId: r.build_id as string | null,
    decision: r.decision as string | null,
    reason: r.reason as string | null,
    data: r.data ?? null,
    idempotencyKey: r.idempotency_key as string | null,
    prevHash: r.prev_hash as string,
    hash: r.hash as string,
  };
}
