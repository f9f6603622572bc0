import type { IgnoreEntry, ImageConfig } from '../manifest/types.js';
import { SEVERITIES } from '../manifest/types.js';
import type { ScanRule } from './build-rules.js';
import { ordered, policyLabel, type FloorViolation, type TenantRules } from './floor-violation.js';
import { DEFAULT_FAIL_ON } from './scan-policy.js';

const idOf = (e: string | IgnoreEntry) => (typeof e === 'string' ? e : e.id);

/**
 * The scan settings of an image under the tenant's floor: the scan policy the manifest picks (`default`
 * unless named), which the manifest may tighten and never loosen. `fail_on` is the union and may not leave
 * out a severity of the policy; `allow_secrets: true` and `on_missing_db: warn` only where the policy says
 * so; ignore entries add to the policy's. Pure.
 */
export function scanFloor(image: Pick<ImageConfig, 'scan'>, tenant: TenantRules): { rule: ScanRule; violations: FloorViolation[] } {
  const violations: FloorViolation[] = [];
  const m = image.scan ?? {};
  const name = m.policy ?? 'default';
  let base = tenant.policies.scan[name];
  if (!base) {
    const known = Object.keys(tenant.policies.scan);
    violations.push({ path: ['scan', 'policy'], message: `scan policy ${JSON.stringify(name)} is not defined (${tenant.label} defines ${known.join(', ')})` });
    base = tenant.policies.scan.default ?? {};
  }
  const rule = policyLabel(tenant, 'scan', name);
  const floorFailOn = base.fail_on ?? [...DEFAULT_FAIL_ON];
  if (m.fail_on) {
    const missing = floorFailOn.filter((s) => !m.fail_on!.includes(s));
    if (missing.length > 0) {
      violations.push({ path: ['scan', 'fail_on'], message: `fail_on leaves out ${missing.join(', ')}, which ${rule} requires (fail_on: ${floorFailOn.join(', ')}): a manifest may add severities, never remove them` });
    }
  }
  const floorSecrets = base.allow_secrets ?? false;
  if (m.allow_secrets === true && !floorSecrets) {
    violations.push({ path: ['scan', 'allow_secrets'], message: `allow_secrets: true is not allowed: ${rule} quarantines images holding secrets` });
  }
  const floorMissingDb = base.on_missing_db ?? 'quarantine';
  if (m.on_missing_db === 'warn' && floorMissingDb !== 'warn') {
    violations.push({ path: ['scan', 'on_missing_db'], message: `on_missing_db: warn is not allowed: ${rule} quarantines images scanned without a vulnerability database` });
  }
  const ignore = [...(base.ignore ?? [])];
  for (const entry of m.ignore ?? []) if (!ignore.some((e) => idOf(e) === idOf(entry))) ignore.push(entry);
  return {
    rule: {
      policy: name,
      fail_on: ordered([...floorFailOn, ...(m.fail_on ?? [])], SEVERITIES),
      ignore,
      allow_secrets: floorSecrets && (m.allow_secrets ?? floorSecrets),
      on_missing_db: floorMissingDb === 'warn' ? (m.on_missing_db ?? 'warn') : 'quarantine',
    },
    violations,
  };
}
