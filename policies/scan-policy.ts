import type { IgnoreEntry, ScanConfig, Severity } from '../manifest/types.js';

/** What the scanner found, reduced to what policy needs (the full report stays in the database). */
export interface ScanFindings {
  dbStatus: 'present' | 'missing';
  vulnerabilities: { id: string; pkg: string; severity: Severity; fixed?: string }[];
  secrets: { ruleId: string; severity: Severity; target: string; title?: string }[];
}

export interface ScanVerdict {
  verdict: 'pass' | 'quarantine';
  /** One plain sentence per reason the image is held (empty when it passes). */
  reasons: string[];
  /** Plain sentences worth showing even when the image passes (e.g. no vulnerability database). */
  warnings: string[];
  blocking: { id: string; pkg: string; severity: Severity }[];
  ignored: { id: string; until?: string; reason?: string }[];
  /** Ignore entries whose expiry has passed: they no longer apply. */
  expired: { id: string; until: string }[];
  /** Where the rules came from, for the audit trail. */
  source: string;
}

/** Document 004's Default Scan Policy: critical vulnerabilities and any secret hold the image. */
export const DEFAULT_FAIL_ON: readonly Severity[] = ['CRITICAL'];

function normalizeIgnore(entry: string | IgnoreEntry): IgnoreEntry {
  return typeof entry === 'string' ? { id: entry } : entry;
}

/** An ignore entry applies until the end of its `until` day (a date) or until its instant (a timestamp). */
export function ignoreApplies(entry: IgnoreEntry, now: Date): boolean {
  if (!entry.until) return true;
  const until = /^\d{4}-\d{2}-\d{2}$/.test(entry.until) ? Date.parse(`${entry.until}T23:59:59.999Z`) : Date.parse(entry.until);
  return Number.isFinite(until) && now.getTime() <= until;
}

function plural(n: number, word: string): string {
  return `${n} ${word}${n === 1 ? '' : 's'}`;
}

/**
 * Decides whether an image passes its scan policy. Pure: the caller passes `now` (workflows pass
 * Temporal's deterministic clock), so an ignore entry's expiry is judged the same way on replay.
 */
export function evaluateScan(findings: ScanFindings, scan: ScanConfig | undefined, now: Date): ScanVerdict {
  const failOn = new Set<Severity>(scan?.fail_on ?? DEFAULT_FAIL_ON);
  const entries = (scan?.ignore ?? []).map(normalizeIgnore);
  const active = new Map(entries.filter((e) => ignoreApplies(e, now)).map((e) => [e.id, e]));
  const expired = entries.filter((e) => !ignoreApplies(e, now)).map((e) => ({ id: e.id, until: e.until! }));
  const reasons: string[] = [];
  const warnings: string[] = [];
  const blocking: ScanVerdict['blocking'] = [];
  const ignored = new Map<string, ScanVerdict['ignored'][number]>();

  for (const v of findings.vulnerabilities) {
    if (!failOn.has(v.severity)) continue;
    const ignore = active.get(v.id);
    if (ignore) ignored.set(v.id, { id: v.id, until: ignore.until, reason: ignore.reason });
    else blocking.push({ id: v.id, pkg: v.pkg, severity: v.severity });
  }
  if (blocking.length > 0) {
    const bySeverity = [...failOn].map((s) => [s, blocking.filter((b) => b.severity === s).length] as const).filter(([, n]) => n > 0);
    reasons.push(`${bySeverity.map(([s, n]) => `${n} ${s}`).join(', ')} ${blocking.length === 1 ? 'vulnerability' : 'vulnerabilities'} (fail_on: ${[...failOn].join(', ')}): ${blocking.map((b) => `${b.id} in ${b.pkg}`).join(', ')}`);
  }
  for (const e of expired) {
    if (findings.vulnerabilities.some((v) => v.id === e.id && failOn.has(v.severity))) {
      reasons.push(`the ignore entry for ${e.id} expired on ${e.until}`);
    }
  }
  const secrets = findings.secrets.filter((s) => !active.has(s.ruleId));
  if (secrets.length > 0) {
    const text = `${plural(secrets.length, 'secret')} found: ${secrets.map((s) => `${s.ruleId} in ${s.target}`).join(', ')}`;
    if (scan?.allow_secrets) warnings.push(`${text} (allowed by scan.allow_secrets)`);
    else reasons.push(text);
  }
  if (findings.dbStatus === 'missing') {
    const text = 'vulnerabilities not scanned: no database';
    if ((scan?.on_missing_db ?? 'quarantine') === 'warn') warnings.push(`${text} (scan.on_missing_db: warn)`);
    else reasons.push(`${text} (set TRIVY_DB_DIR, or scan.on_missing_db: warn to accept)`);
  }
  return {
    verdict: reasons.length > 0 ? 'quarantine' : 'pass',
    reasons,
    warnings,
    blocking,
    ignored: [...ignored.values()],
    expired,
    source: scan?.policy ? `scan policy "${scan.policy}" with the manifest's scan settings` : "the manifest's scan settings over the default scan policy",
  };
}
