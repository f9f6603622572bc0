import { AuditChainWalker, type AuditBreakReason } from './audit-chain-walker.js';
import type { Database } from './database.js';
import { auditEventPages } from './audit-pages.js';

export type { AuditBreakReason } from './audit-chain-walker.js';

export interface AuditBreak {
  tenantId: string;
  seq: number;
  id: number;
  reason: AuditBreakReason;
  /** A sentence saying what was expected and what was found. */
  detail: string;
}

export type AuditVerification = { ok: true; checked: number } | { ok: false; checked: number; firstBroken: AuditBreak };

/**
 * Walks each tenant's chain in seq order and recomputes every hash. The first row that does not fit is
 * named: its seq does not follow the previous one (`gap in seq`: a row was deleted or renumbered), its
 * prev_hash is not the previous row's hash (`prev_hash mismatch`), or its hash is not the hash of its own
 * content (`hash mismatch`: the row was altered). `checked` counts the rows read up to and including it.
 *
 * Without tenantId it reads every tenant (withCrossTenantRead): for the three cross-tenant roles and the
 * operator's CLI only — the caller checks the role.
 */
export async function verifyAuditChain(db: Database, opts: { tenantId?: string; pageSize?: number } = {}): Promise<AuditVerification> {
  let checked = 0;
  const walker = new AuditChainWalker();
  for await (const page of auditEventPages(db, { tenantId: opts.tenantId, pageSize: opts.pageSize })) {
    for (const row of page) {
      checked += 1;
      const misfit = walker.next(row);
      if (misfit) return { ok: false, checked, firstBroken: { tenantId: row.tenantId, seq: row.seq, id: row.id, ...misfit } };
    }
  }
  return { ok: true, checked };
}
