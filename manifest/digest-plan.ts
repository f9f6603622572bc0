import type { NotifyConfig } from './types.js';

/**
 * Digests: a summary email of a period's builds (`notify.email.digest`), daily or weekly, started by a
 * Temporal Schedule. Pure, with no Node imports: the digest workflow imports this file.
 */
export const DIGEST_CADENCES = ['daily', 'weekly'] as const;
export type DigestCadence = (typeof DIGEST_CADENCES)[number];

/** What a digest covers, ending when it is sent: the last 24 hours, or the last 7 days. */
export const DIGEST_PERIOD_MS: Readonly<Record<DigestCadence, number>> = { daily: 86_400_000, weekly: 7 * 86_400_000 };

/** How a period reads in a report's title (`the last 24h (...)`, `the last 7d (...)`). */
export const DIGEST_PERIOD_LABEL: Readonly<Record<DigestCadence, string>> = { daily: '24h', weekly: '7d' };

/** When digests are sent (UTC): daily at 06:00, weekly on Mondays at 06:00. */
export const DIGEST_SEND_HOUR_UTC = 6;

const HOUR = 3_600_000;

/**
 * How often a digest schedule fires, as a Temporal interval (`every`, phased by `offset` from the Unix
 * epoch, a Thursday at 00:00 UTC): daily at 06:00 UTC, weekly on Mondays at 06:00 UTC; or every
 * `intervalMs` from the epoch (IMAGEFACTORY_DIGEST_INTERVAL). Pure.
 */
export function digestInterval(cadence: DigestCadence, intervalMs?: number): { everyMs: number; offsetMs: number } {
  if (intervalMs !== undefined) return { everyMs: intervalMs, offsetMs: 0 };
  if (cadence === 'daily') return { everyMs: 24 * HOUR, offsetMs: DIGEST_SEND_HOUR_UTC * HOUR };
  return { everyMs: 7 * 24 * HOUR, offsetMs: (4 * 24 + DIGEST_SEND_HOUR_UTC) * HOUR };
}

/** A digest a configuration asks for: how often, and to whom. */
export interface DigestPlan {
  cadence: DigestCadence;
  /** The addresses, each once, in the order written. */
  to: string[];
}

/**
 * The digest a `notify:` asks for, or none: `email.digest` daily or weekly, to `email.to`. A manifest's
 * asks for the project's digest; tenant.yml's for the tenant's (every project, to tenant.yml's recipients),
 * which is not a default for projects: a project has a digest of its own only where its manifest asks.
 * Pure.
 */
export function digestPlan(notify: NotifyConfig | undefined): DigestPlan | undefined {
  const email = notify?.email;
  const cadence = email?.digest;
  if (cadence === undefined || cadence === 'none') return undefined;
  const to = [...new Set((email?.to ?? []).map((a) => a.trim()).filter((a) => a !== ''))];
  return to.length === 0 ? undefined : { cadence, to };
}

/** When a digest is sent, in words, for the email's footer: `every Monday at 06:00 UTC`, or the test interval. */
export function digestWhen(cadence: DigestCadence, intervalMs?: number): string {
  if (intervalMs !== undefined) return `every ${intervalMs % 1000 === 0 ? `${intervalMs / 1000}s` : `${intervalMs}ms`} (IMAGEFACTORY_DIGEST_INTERVAL)`;
  const at = `${String(DIGEST_SEND_HOUR_UTC).padStart(2, '0')}:00 UTC`;
  return cadence === 'daily' ? `every day at ${at}` : `every Monday at ${at}`;
}
