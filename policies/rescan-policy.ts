import type { ScanConfig } from '../manifest/types.js';
import type { ScanRule } from './build-rules.js';
import type { TenantRules } from './floor-violation.js';
import { scanFloor } from './scan-floor.js';
import { evaluateScan, type ScanFindings, type ScanVerdict } from './scan-policy.js';

/** What a re-scan asks of the policy: the image's recorded settings and the tenant's floor in force now. */
export interface RescanSettings {
  /** The manifest's `scan:` for the image when it was admitted; none recorded: the tenant policy it was admitted under, by name. */
  scan?: ScanConfig;
  policy?: string;
}

/**
 * The scan rule a promoted image is re-scanned under: the image's own scan settings as its manifest had
 * them when it was built, under the tenant's floor in force now (the scan policy it names as tenant.yml
 * defines it today, which those settings may tighten and never loosen; a policy removed since: `default`).
 * So a tenant that tightens its floor, or an ignore entry that expires, is felt by images already out. Pure.
 */
export function rescanRule(settings: RescanSettings, tenant: TenantRules): ScanRule {
  const scan = settings.scan ?? (settings.policy ? { policy: settings.policy } : undefined);
  const named = scan?.policy ?? 'default';
  const known = Object.prototype.hasOwnProperty.call(tenant.policies.scan, named);
  return scanFloor({ scan: known ? scan : { ...scan, policy: 'default' } }, tenant).rule;
}

/** The blocking ids of a verdict, each once, sorted (a finding set compares and hashes the same way every time). */
export const blockingIds = (verdict: Pick<ScanVerdict, 'blocking'>): string[] => [...new Set(verdict.blocking.map((b) => b.id))].sort();

/**
 * What a re-scan newly blocks on: the vulnerabilities blocking now under `rule` at `now` whose ids were not
 * blocking at the digest's scan before (`before`). The scan before is the last re-scan as judged then, or
 * for the first re-scan the build's own scan judged under the same rule at the time it was delivered, so an
 * image released from quarantine does not report what it was released with. Pure.
 */
export function judgeRescan(findings: ScanFindings, rule: ScanRule, now: Date, before: readonly string[]): { verdict: ScanVerdict; blocking: string[]; newlyBlocking: ScanVerdict['blocking'] } {
  const verdict = evaluateScan(findings, rule, now);
  const known = new Set(before);
  const seen = new Set<string>();
  const newlyBlocking = verdict.blocking.filter((b) => !known.has(b.id) && !seen.has(b.id) && seen.add(b.id));
  return { verdict, blocking: blockingIds(verdict), newlyBlocking };
}
