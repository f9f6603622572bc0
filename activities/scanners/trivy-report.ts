import { SEVERITIES, type Severity } from '../../manifest/types.js';
import { type SecretFinding, type VulnerabilityFinding } from './scanner.js';

/** The parts of Trivy's JSON report (SchemaVersion 2) the scan report reads. */
export interface TrivyJsonReport {
  SchemaVersion?: number;
  Trivy?: { Version?: string };
  ArtifactName?: string;
  Metadata?: { OS?: { Family?: string; Name?: string; EOSL?: boolean } };
  Results?: {
    Target: string;
    Class?: string;
    Type?: string;
    Packages?: unknown[];
    Vulnerabilities?: { VulnerabilityID: string; PkgName: string; InstalledVersion?: string; FixedVersion?: string; Severity?: string; Title?: string }[];
    Secrets?: { RuleID: string; Category?: string; Severity?: string; Title?: string; StartLine?: number }[];
  }[];
}

export function severityOf(s: string | undefined): Severity {
  const up = (s ?? '').toUpperCase();
  return (SEVERITIES as readonly string[]).includes(up) ? (up as Severity) : 'UNKNOWN';
}

export interface ParsedTrivyReport {
  version: string | undefined;
  vulnerabilities: VulnerabilityFinding[];
  secrets: SecretFinding[];
  packageCount: number;
  os: string | undefined;
  endOfLife: boolean;
}

/** Flattens Trivy's per-target results into findings. */
export function parseTrivyReport(report: TrivyJsonReport): ParsedTrivyReport {
  const vulnerabilities: VulnerabilityFinding[] = [];
  const secrets: SecretFinding[] = [];
  let packageCount = 0;
  for (const r of report.Results ?? []) {
    packageCount += r.Packages?.length ?? 0;
    for (const v of r.Vulnerabilities ?? []) {
      vulnerabilities.push({
        id: v.VulnerabilityID,
        pkg: v.PkgName,
        installed: v.InstalledVersion ?? '',
        ...(v.FixedVersion ? { fixed: v.FixedVersion } : {}),
        severity: severityOf(v.Severity),
        ...(v.Title ? { title: v.Title } : {}),
        target: r.Target,
      });
    }
    for (const s of r.Secrets ?? []) {
      secrets.push({
        ruleId: s.RuleID,
        category: s.Category ?? '',
        severity: severityOf(s.Severity),
        title: s.Title ?? s.RuleID,
        target: r.Target,
        ...(s.StartLine ? { line: s.StartLine } : {}),
      });
    }
  }
  const os = report.Metadata?.OS;
  const version = report.Trivy?.Version;
  return {
    version: version && version !== 'dev' ? version : undefined,
    vulnerabilities,
    secrets,
    packageCount,
    os: os?.Family ? `${os.Family} ${os.Name ?? ''}`.trim() : undefined,
    endOfLife: os?.EOSL === true,
  };
}
