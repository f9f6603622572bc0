import type { DigestCadence } from '../manifest/digest-plan.js';
import type { BuildStats, ReportPeriod } from '../templates/report/build-stats.js';

/**
 * What a digest schedule starts the `digest` workflow with (its action's arguments), as the configuration
 * in force said when the schedule was last synced (lib/digest-schedules.ts).
 */
export interface DigestInput {
  tenantId: string;
  /** The tenant's account (the organization or user login). */
  owner: string;
  /** `owner/name`: the project's digest; none: the tenant's, over every project of the tenant. */
  repository?: string;
  cadence: DigestCadence;
  /** Each address gets its own email. */
  to: string[];
  /** When the schedule sends it, in words (the email's footer). */
  when: string;
  /** Where the configuration asking for it lives (`acme/api .imagefactory.yml`, `acme/.imagefactory tenant.yml`). */
  configuredIn: string;
  /** The period's end (ISO). None: the time the schedule started this run; set only for a digest started by hand. */
  until?: string;
}

/** One run of a digest: its input and the period it covers, [until − 24 h or 7 d, until). */
export interface DigestRun {
  input: DigestInput;
  period: ReportPeriod;
}

/** What the run reads once, before any email: the numbers, or why there is nothing to send. */
export type PreparedDigest = { ok: true; stats: BuildStats } | { ok: false; skipped: string };

/** One email of a run to one address, rendered from the numbers the run read. */
export interface DigestEmailRequest {
  run: DigestRun;
  stats: BuildStats;
  recipient: string;
}

export interface DigestResult {
  period: ReportPeriod;
  sent: string[];
  /** Already sent by an earlier attempt or run for the same period. */
  alreadySent: string[];
  failed: { recipient: string; error: string }[];
  /** Why nothing was sent (the tenant uninstalled, the project archived). */
  skipped?: string;
}
