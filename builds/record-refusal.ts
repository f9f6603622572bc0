import { recordAuditEvent } from '../db/append-audit-event.js';
import type { Database } from '../db/database.js';
import { ensureTenantExists } from '../db/ensure-tenant.js';

export interface Refusal {
  tenantId: string;
  actor: string;
  /** What was asked, e.g. `build.requested`. */
  action: string;
  project?: string;
  reason: string;
  source: string;
  data?: Record<string, unknown>;
}

/** Audits an expected refusal (someone asked for what their roles do not allow): decision `deny`, reason and rule. */
export async function recordRefusal(db: Database, r: Refusal): Promise<void> {
  await ensureTenantExists(db, r.tenantId);
  await recordAuditEvent(db, r.tenantId, { actor: r.actor, action: r.action, project: r.project, decision: 'deny', reason: r.reason, data: { source: r.source, ...r.data } });
}
