import { SEVERITIES, type Severity } from '../manifest/types.js';
import type { ScanVerdict } from '../policies/scan-policy.js';
import type { BuildState } from '../workflows/image-build-types.js';

/** A build's findings as people read them: counts by severity (found and blocking), the blocking ids, secrets. */
export interface FindingsSummary {
  /** Severities with anything found or blocking, most severe first. */
  counts: { severity: Severity; found: number; blocking: number }[];
  blocking: ScanVerdict['blocking'];
  /** Secrets that hold the image (not those scan.allow_secrets lets through). */
  blockingSecrets: number;
  secrets: number;
  /** The scanner had no vulnerability database. */
  notScanned: boolean;
  /** Why the image is held, one sentence each (empty when it passes). */
  reasons: string[];
}

const plural = (n: number, word: string) => `${n} ${word}${n === 1 ? '' : 's'}`;

/** The findings of a scanned build (undefined before its scan); `bySeverity` is the scan report's count of everything found. Pure. */
export function findingsSummary(state: BuildState, bySeverity: Partial<Record<Severity, number>> = {}): FindingsSummary | undefined {
  const f = state.findings;
  const v = state.verdict;
  if (!f || !v) return undefined;
  const counts = SEVERITIES.map((severity) => ({ severity, found: bySeverity[severity] ?? 0, blocking: v.blocking.filter((b) => b.severity === severity).length })).filter((c) => c.found > 0 || c.blocking > 0);
  // A secret holds the image unless scan.allow_secrets turned it into a warning (scan-policy.ts's sentences).
  const blockingSecrets = v.reasons.some((r) => /^\d+ secrets? found: /.test(r)) ? f.secrets : 0;
  return { counts, blocking: v.blocking, blockingSecrets, secrets: f.secrets, notScanned: f.dbStatus === 'missing', reasons: v.reasons };
}

/** What holds an image, at a glance: "2 CRITICAL, 1 HIGH", "1 secret", "not scanned: no vulnerability database". Pure. */
export function holdHeadline(summary: FindingsSummary | undefined): string {
  if (!summary) return 'held';
  const parts = [
    ...summary.counts.filter((c) => c.blocking > 0).map((c) => `${c.blocking} ${c.severity}`),
    ...(summary.blockingSecrets > 0 ? [plural(summary.blockingSecrets, 'secret')] : []),
  ];
  if (parts.length === 0 && summary.notScanned) return 'not scanned: no vulnerability database';
  return parts.length > 0 ? parts.join(', ') : (summary.reasons[0] ?? 'held');
}
