import { type Severity } from '../../manifest/types.js';

export interface VulnerabilityFinding {
  /** CVE-..., GHSA-..., or the advisory's own id. */
  id: string;
  pkg: string;
  installed: string;
  fixed?: string;
  severity: Severity;
  title?: string;
  /** Where it was found, e.g. "registry/app@sha256:... (alpine 3.19.1)" or a lock file path. */
  target: string;
}

export interface SecretFinding {
  /** Scanner rule, e.g. aws-access-key-id. */
  ruleId: string;
  category: string;
  severity: Severity;
  title: string;
  /** File path inside the image. */
  target: string;
  line?: number;
}

export interface ScanReport {
  scanner: 'trivy';
  version: string;
  /** What was scanned: repository@digest. */
  target: string;
  /** Whether a vulnerability database was used. 'missing': vulnerabilities were not looked for. */
  dbStatus: 'present' | 'missing';
  /** When the database was built (its metadata's UpdatedAt), when present. */
  dbUpdatedAt?: string;
  vulnerabilities: VulnerabilityFinding[];
  secrets: SecretFinding[];
  /** Plain sentences about what the scan could not do, e.g. "vulnerabilities not scanned: no database". */
  notes: string[];
  /** CycloneDX JSON SBOM of the image. */
  sbom: Record<string, unknown>;
}

export interface ScanRequest {
  /** The pushed image, by digest: repository@sha256:... */
  ref: string;
  signal?: AbortSignal;
  onLog?(line: string): void;
  /** Called while the scan runs. */
  heartbeat?(): void;
}

/** Scans a pushed image. Trivy today; others plug in behind the same report. */
export interface Scanner {
  readonly name: string;
  scan(req: ScanRequest): Promise<ScanReport>;
}

/** The note a report carries when no vulnerability database was available: policies look for it. */
export const NO_DATABASE_NOTE = 'vulnerabilities not scanned: no database';

/** The scan was cancelled through its AbortSignal; the scanner process was killed. */
export class ScanCancelledError extends Error {
  constructor(readonly ref: string) {
    super(`scan of ${ref} was cancelled`);
    this.name = 'ScanCancelledError';
  }
}

/** The scanner ran and could not scan (unreachable image, bad database...). */
export class ScanFailedError extends Error {
  constructor(
    message: string,
    readonly logTail: string[],
  ) {
    super(message);
    this.name = 'ScanFailedError';
  }
}
