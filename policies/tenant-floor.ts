import type { ImageConfig } from '../manifest/types.js';
import { approvalFloor } from './approval-floor.js';
import type { BuildConfig } from './build-rules.js';
import type { FloorViolation, TenantRules } from './floor-violation.js';
import { checkDestination, matchesTarget } from './registry-policy.js';
import { scanFloor } from './scan-floor.js';

export type { FloorViolation, TenantRules } from './floor-violation.js';

export interface FloorResult {
  /** The settings the build runs with (meaningful when there are no violations). */
  config: BuildConfig;
  violations: FloorViolation[];
}

/**
 * Where the image goes: its release repository and `promote.to` must be among the tenant's registries, and
 * the release repository may not be a target a promotion rule guards (those are reached by promotion only).
 */
function destinationViolations(image: ImageConfig, release: string, tenant: TenantRules): FloorViolation[] {
  const out: FloorViolation[] = [];
  const releasePath = image.registry !== undefined ? ['registry'] : [];
  const releaseVerdict = checkDestination(release, tenant.registries, tenant.label);
  if (!releaseVerdict.ok) {
    const what = image.registry !== undefined ? releaseVerdict.reason : `the default repository ${releaseVerdict.reason}: set registry: to a repository it allows`;
    out.push({ path: releasePath, message: what });
  }
  const guarded = tenant.promotion_rules.find((r) => matchesTarget(r.to, release));
  if (guarded) {
    out.push({ path: releasePath, message: `${release} is a promotion target (${tenant.label} promotion_rules: ${guarded.to} under policy ${guarded.policy}): images reach it only by promotion; push to another repository and promote there` });
  }
  const to = image.promote?.to;
  if (to !== undefined) {
    const verdict = checkDestination(to, tenant.registries, tenant.label);
    if (!verdict.ok) out.push({ path: ['promote', 'to'], message: verdict.reason });
  }
  return out;
}

/**
 * An image's settings under the tenant's floor (tenant.yml, or the built-in defaults): scan and promotion
 * policies a manifest may tighten and never loosen, the policies promotion rules bind to its target, and
 * the registries it may use. Every loosening is a violation with its place in the image and the rule it
 * breaks; validation reports them at their lines, and a build with any is refused. Pure.
 */
export function applyTenantFloor(image: ImageConfig, release: string, tenant: TenantRules): FloorResult {
  const scan = scanFloor(image, tenant);
  const approval = approvalFloor(image, tenant);
  return {
    config: { ...image, scan: scan.rule, approval: approval.rule },
    violations: [...scan.violations, ...approval.violations, ...destinationViolations(image, release, tenant)],
  };
}
