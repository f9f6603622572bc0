import type { ResolvedTenantConfig } from '../manifest/tenant-config-defaults.js';
import type { ImageConfig } from '../manifest/types.js';

export type EffectiveConfig = { ok: true; config: ImageConfig } | { ok: false; reason: string; source: string };

/**
 * The settings a build runs with: the tenant's named scan policy (the manifest's `scan.policy`, "default"
 * when unnamed) and, when the manifest names one, its promotion policy (`approval.policy`), with the
 * manifest's own fields over them. A name the tenant does not define is a refusal naming the ones it does.
 */
export function effectiveImageConfig(image: ImageConfig, tenant: ResolvedTenantConfig): EffectiveConfig {
  const scanName = image.scan?.policy ?? 'default';
  const scanPolicy = tenant.policies.scan[scanName];
  if (!scanPolicy) {
    return { ok: false, reason: `scan policy "${scanName}" is not defined (tenant.yml defines ${Object.keys(tenant.policies.scan).join(', ')})`, source: 'tenant.yml policies.scan' };
  }
  let approval = image.approval;
  if (image.approval?.policy) {
    const promotion = tenant.policies.promotion[image.approval.policy];
    if (!promotion) {
      return { ok: false, reason: `promotion policy "${image.approval.policy}" is not defined (tenant.yml defines ${Object.keys(tenant.policies.promotion).join(', ')})`, source: 'tenant.yml policies.promotion' };
    }
    approval = { ...promotion, ...image.approval };
  }
  return { ok: true, config: { ...image, scan: { ...scanPolicy, ...image.scan, policy: scanName }, ...(approval ? { approval } : {}) } };
}
