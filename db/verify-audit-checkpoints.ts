import type { KeyObject } from 'node:crypto';
import { sql, type SQL } from 'drizzle-orm';
import { checkpointStatement } from './audit-checkpoint-statement.js';
import { verifyAuditSignature } from './audit-key.js';
import { rowsOf, type Database, type Transaction } from './database.js';
import { withCrossTenantRead, withTenant } from './with-tenant.js';

export type CheckpointProblemKind = 'rows missing' | 'chain rewritten' | 'bad signature' | 'unknown key';

export interface CheckpointProblem {
  tenantId: string;
  kind: CheckpointProblemKind;
  /** A sentence naming the rows or the checkpoint concerned. */
  detail: string;
}

export interface CheckpointVerification {
  /** Checkpoints read. */
  checked: number;
  /** Tenants with at least one checkpoint that verifies. */
  tenants: number;
  /** Tenants with events and no checkpoint yet (the schedule has not come round to them). */
  uncovered: string[];
  problems: CheckpointProblem[];
}

interface CheckpointRow {
  id: number;
  tenant_id: string;
  seq: number;
  hash: string;
  signed_at: Date | string;
  key_id: string;
  signature: string;
  row_hash: string | null;
}

/** The newest valid checkpoint and the first rewritten row seen, per tenant. */
interface TenantState {
  head: number;
  newest?: { seq: number; signedAt: string };
  rewritten?: CheckpointProblem;
}

/**
 * Compares each tenant's chain with its signed checkpoints: every checkpoint must verify with one of the
 * given public keys, the row at its seq must still have the hash it signed (else the chain was rewritten,
 * hashes recomputed or not), and the newest one must not cover rows the table no longer holds (else the
 * tail was deleted: "rows seq 41..57 are missing: checkpoint of <time> covers seq 57").
 *
 * Without tenantId it reads every tenant (withCrossTenantRead): the caller checks the role.
 */
export async function verifyAuditCheckpoints(
  db: Database,
  opts: { tenantId?: string; publicKeys: { key: KeyObject; keyId: string }[]; pageSize?: number },
): Promise<CheckpointVerification> {
  const read = <T>(fn: (tx: Transaction) => Promise<T>) => (opts.tenantId !== undefined ? withTenant(db, opts.tenantId, fn) : withCrossTenantRead(db, fn));
  const only = (column: SQL) => (opts.tenantId !== undefined ? sql`AND ${column} = ${opts.tenantId}` : sql``);
  const heads = await read(async (tx) =>
    rowsOf<{ tenant_id: string; head: number | string }>(
      await tx.execute(sql`SELECT tenant_id, max(seq) AS head FROM audit_events WHERE true ${only(sql`tenant_id`)} GROUP BY tenant_id`),
    ),
  );
  const tenants = new Map<string, TenantState>(heads.map((h) => [h.tenant_id, { head: Number(h.head) }]));
  const keys = new Map(opts.publicKeys.map((k) => [k.keyId, k.key]));
  const result: CheckpointVerification = { checked: 0, tenants: 0, uncovered: [], problems: [] };
  const pageSize = opts.pageSize ?? 1000;
  let after: SQL = sql``;
  for (;;) {
    const page = await read(async (tx) =>
      rowsOf<CheckpointRow>(
        await tx.execute(sql`
          SELECT c.id, c.tenant_id, c.seq, c.hash, c.signed_at, c.key_id, c.signature, e.hash AS row_hash
          FROM audit_checkpoints c LEFT JOIN audit_events e ON e.tenant_id = c.tenant_id AND e.seq = c.seq
          WHERE true ${only(sql`c.tenant_id`)} ${after}
          ORDER BY c.tenant_id, c.id LIMIT ${pageSize}`),
      ),
    );
    for (const row of page) check(row, tenants, keys, result);
    if (page.length < pageSize) break;
    const last = page[page.length - 1];
    after = sql`AND (c.tenant_id, c.id) > (${last.tenant_id}, ${last.id})`;
  }
  for (const [tenantId, state] of tenants) {
    if (state.rewritten) result.problems.push(state.rewritten);
    if (!state.newest) {
      if (state.head > 0) result.uncovered.push(tenantId);
      continue;
    }
    result.tenants += 1;
    if (state.newest.seq > state.head) {
      const from = state.head + 1;
      result.problems.push({
        tenantId,
        kind: 'rows missing',
        detail: `rows seq ${from === state.newest.seq ? from : `${from}..${state.newest.seq}`} are missing: checkpoint of ${state.newest.signedAt} covers seq ${state.newest.seq}`,
      });
    }
  }
  result.problems.sort((a, b) => (a.tenantId < b.tenantId ? -1 : a.tenantId > b.tenantId ? 1 : 0));
  return result;
}

function check(row: CheckpointRow, tenants: Map<string, TenantState>, keys: Map<string, KeyObject>, result: CheckpointVerification): void {
  result.checked += 1;
  const seq = Number(row.seq);
  const signedAt = new Date(row.signed_at);
  const when = signedAt.toISOString();
  const state = tenants.get(row.tenant_id) ?? { head: 0 };
  tenants.set(row.tenant_id, state);
  const name = `checkpoint #${row.id} of ${when} (seq ${seq})`;
  const key = keys.get(row.key_id);
  if (!key) {
    const given = [...keys.keys()].join(', ') || 'none';
    result.problems.push({ tenantId: row.tenant_id, kind: 'unknown key', detail: `${name} is signed by key ${row.key_id}, not by the key verified with (${given})` });
    return;
  }
  const statement = checkpointStatement({ tenantId: row.tenant_id, seq, hash: row.hash, signedAt, keyId: row.key_id });
  if (!verifyAuditSignature(key, statement, row.signature)) {
    result.problems.push({ tenantId: row.tenant_id, kind: 'bad signature', detail: `${name} does not verify with key ${row.key_id}: it was forged or altered` });
    return;
  }
  if (!state.newest || seq > state.newest.seq) state.newest = { seq, signedAt: when };
  const rewritten = row.row_hash !== null && row.row_hash !== row.hash;
  const gone = row.row_hash === null && seq <= state.head;
  if ((rewritten || gone) && !state.rewritten) {
    state.rewritten = {
      tenantId: row.tenant_id,
      kind: 'chain rewritten',
      detail: gone
        ? `the row at seq ${seq} is gone, but the ${name} covers it`
        : `the row at seq ${seq} has hash ${row.row_hash}, but the ${name} signed ${row.hash}`,
    };
  }
}
