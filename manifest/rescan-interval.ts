import { tryParseDuration } from './parse-duration.js';
import type { TenantRescan } from './tenant-config.js';

/** The shortest `rescan.every` tenant.yml may ask for: each re-scan runs the scanner on every promoted digest. */
export const MIN_TENANT_RESCAN_MS = 3_600_000;

/** Why a `rescan.every` value is refused, or undefined when it is a duration of at least 1h, or `never`. */
export function rescanEveryProblem(every: string): string | undefined {
  if (every === 'never') return undefined;
  const ms = tryParseDuration(every);
  if (ms === undefined) return `${JSON.stringify(every)} is not a duration: write a number and a unit (m, h, d), such as 24h or 7d, or never`;
  if (ms < MIN_TENANT_RESCAN_MS) return `re-scans run at most once an hour: ${JSON.stringify(every)} is shorter than 1h`;
  return undefined;
}

/**
 * How often a tenant's promoted images are re-scanned, in ms, or undefined for never: tenant.yml's
 * `rescan.every` over the deployment's default (IMAGEFACTORY_RESCAN_INTERVAL; undefined: never). Pure.
 */
export function rescanInterval(rescan: TenantRescan | undefined, deploymentDefaultMs: number | undefined): number | undefined {
  const every = rescan?.every;
  if (every === undefined) return deploymentDefaultMs;
  if (every === 'never' || rescanEveryProblem(every)) return undefined;
  return tryParseDuration(every);
}
