import { and, asc, eq } from 'drizzle-orm';
import type { Database } from './database.js';
import { approvals, type Approval } from './schema/approvals.js';
import { quarantines, type Quarantine } from './schema/quarantines.js';
import { scanReports } from './schema/scan-reports.js';
import { withTenant } from './with-tenant.js';

export interface BuildDetails {
  /** The scan's summary as kept with the build: counts by severity, secrets, the database's state, notes. */
  scan: { scanner: string; dbStatus: string; summary: Record<string, unknown> } | undefined;
  quarantine: Quarantine | undefined;
  /** Decisions at the promotion gate, in order. */
  decisions: Approval[];
}

/** What the database keeps of a build's findings, quarantine and approvals (for a build no worker answers for any more). */
export async function readBuildDetails(db: Database, tenantId: string, buildId: string): Promise<BuildDetails> {
  return withTenant(db, tenantId, async (tx) => {
    const [scan] = await tx.select({ scanner: scanReports.scanner, dbStatus: scanReports.dbStatus, summary: scanReports.summary }).from(scanReports).where(eq(scanReports.buildId, buildId));
    const [quarantine] = await tx.select().from(quarantines).where(eq(quarantines.buildId, buildId));
    const decisions = await tx.select().from(approvals).where(and(eq(approvals.buildId, buildId))).orderBy(asc(approvals.at));
    return { scan, quarantine, decisions };
  });
}
