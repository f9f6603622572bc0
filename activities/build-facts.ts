import { readBuildDetails } from '../db/build-details.js';
import { readBuildLogTail } from '../db/build-log-tail.js';
import type { Database } from '../db/database.js';
import type { Severity } from '../manifest/types.js';
import { LOG_TAIL_LINES } from '../templates/check-run-summary.js';
import type { BuildState } from '../workflows/image-build-types.js';

/** What the database adds to a build's state for people to read: the scan's counts by severity, a failed build's last log lines. */
export interface BuildFacts {
  scan?: { scanner: string; bySeverity: Partial<Record<Severity, number>> };
  logTail?: string[];
}

/** Reads only what the state calls for: the scan report once scanned, the log tail once failed. */
export async function readBuildFacts(db: Database, tenantId: string, buildId: string, state: BuildState): Promise<BuildFacts> {
  const scan = state.findings ? (await readBuildDetails(db, tenantId, buildId)).scan : undefined;
  const logTail = state.status === 'failed' ? await readBuildLogTail(db, tenantId, buildId, LOG_TAIL_LINES) : undefined;
  return {
    ...(scan ? { scan: { scanner: scan.scanner, bySeverity: (scan.summary.bySeverity ?? {}) as Partial<Record<Severity, number>> } } : {}),
    ...(logTail ? { logTail } : {}),
  };
}
