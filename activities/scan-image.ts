import { ApplicationFailure, CancelledFailure, Context } from '@temporalio/activity';
import { appendAuditEvent } from '../db/append-audit-event.js';
import type { Database } from '../db/database.js';
import { scanReports } from '../db/schema/scan-reports.js';
import { withTenant } from '../db/with-tenant.js';
import { SEVERITIES, type Severity } from '../manifest/types.js';
import type { ScanFindings } from '../policies/scan-policy.js';
import { runKey } from './run-key.js';
import { ScanCancelledError, ScanFailedError, type ScanReport, type Scanner } from './scanners/scanner.js';

export interface ScanImageInput {
  buildId: string;
  tenantId: string;
  /** repository@sha256:... */
  ref: string;
}

/**
 * Scans the pushed candidate, keeps the whole report and the CycloneDX SBOM with the build (scan_reports),
 * and returns what the scan policy needs. A scanner that could not scan fails the build: it never passes.
 */
export function scanImageActivity(deps: { db: Database; scanner: Scanner }) {
  return async function scanImage(input: ScanImageInput): Promise<ScanFindings> {
    const report = await scanInActivity(deps.scanner, input.ref);
    const summary = scanSummary(report);
    await withTenant(deps.db, input.tenantId, async (tx) => {
      const row = { scanner: deps.scanner.name, dbStatus: report.dbStatus, summary, report: { ...report, sbom: undefined }, sbom: report.sbom, createdAt: new Date() };
      await tx
        .insert(scanReports)
        .values({ tenantId: input.tenantId, buildId: input.buildId, ...row })
        .onConflictDoUpdate({ target: [scanReports.tenantId, scanReports.buildId, scanReports.scanner], set: row });
      await appendAuditEvent(tx, { actor: 'imagefactory', action: 'image.scanned', buildId: input.buildId, data: summary, idempotencyKey: runKey(input.buildId, `scanned/${input.ref}`) });
    });
    return findingsOf(report);
  };
}

/**
 * Scans an image by digest from inside an activity: heartbeats while it runs, stops when the activity is
 * cancelled; a scanner that could not scan fails without retries, in its own words (with its log tail).
 */
export async function scanInActivity(scanner: Scanner, ref: string): Promise<ScanReport> {
  const ctx = Context.current();
  try {
    return await scanner.scan({ ref, signal: ctx.cancellationSignal, heartbeat: () => ctx.heartbeat() });
  } catch (err) {
    if (err instanceof ScanCancelledError) throw new CancelledFailure(err.message);
    if (err instanceof ScanFailedError) throw ApplicationFailure.nonRetryable(err.message, 'ScanFailed', { logTail: err.logTail });
    throw err;
  }
}

/** What a scan report's summary keeps: the target, the scanner and database, counts (by severity too) and notes. */
export function scanSummary(report: ScanReport) {
  return {
    target: report.target,
    version: report.version,
    dbUpdatedAt: report.dbUpdatedAt ?? null,
    vulnerabilities: report.vulnerabilities.length,
    secrets: report.secrets.length,
    bySeverity: Object.fromEntries(SEVERITIES.map((s) => [s, report.vulnerabilities.filter((v) => v.severity === s).length])) as Record<Severity, number>,
    notes: report.notes,
  };
}

/** A report reduced to what the scan policy needs. */
export const findingsOf = (report: Pick<ScanReport, 'dbStatus' | 'vulnerabilities' | 'secrets'>): ScanFindings => ({
  dbStatus: report.dbStatus,
  vulnerabilities: report.vulnerabilities.map((v) => ({ id: v.id, pkg: v.pkg, severity: v.severity, fixed: v.fixed })),
  secrets: report.secrets.map((s) => ({ ruleId: s.ruleId, severity: s.severity, target: s.target, title: s.title })),
});
