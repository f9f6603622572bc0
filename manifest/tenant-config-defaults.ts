import { DEFAULT_FAIL_ON } from '../policies/scan-policy.js';
import type { PromotionPolicy, ScanPolicy, TenantConfig, TenantQuotas } from './tenant-config.js';
import { BUILD_METHODS, type BuildMethod, type RoleMappings } from './types.js';

/** Document 004's Default Scan Policy: critical vulnerabilities and any secret hold the image; so does a missing database. */
export const DEFAULT_SCAN_POLICY: Readonly<ScanPolicy> = Object.freeze({
  fail_on: [...DEFAULT_FAIL_ON],
  allow_secrets: false,
  on_missing_db: 'quarantine',
});

/** Document 004's Production Promotion Policy: one approval by a security reviewer, never the build's author. */
export const PRODUCTION_PROMOTION_POLICY: Readonly<PromotionPolicy> = Object.freeze({
  required: true,
  min_approvals: 1,
  approvers: ['role:security-reviewer'],
  allow_self_approval: false,
});

/** A tenant's configuration with every default filled in: what applies. */
export interface ResolvedTenantConfig {
  roles: RoleMappings;
  build_methods: BuildMethod[];
  /** An absent quota is no limit. */
  quotas: TenantQuotas;
  policies: { scan: Record<string, ScanPolicy>; promotion: Record<string, PromotionPolicy> };
}

/** What applies to a tenant with no tenant.yml: no tenant roles, every method, no quota, the two built-in policies. */
export const DEFAULT_TENANT_CONFIG: Readonly<ResolvedTenantConfig> = Object.freeze({
  roles: {},
  build_methods: [...BUILD_METHODS],
  quotas: {},
  policies: { scan: { default: DEFAULT_SCAN_POLICY }, promotion: { production: PRODUCTION_PROMOTION_POLICY } },
});

/**
 * The configuration that applies: tenant.yml's values over the built-in defaults. A policy named `default`
 * (scan) or `production` (promotion) in tenant.yml replaces the built-in one as a whole; other names add
 * policies. Without tenant.yml (undefined), DEFAULT_TENANT_CONFIG.
 */
export function withTenantDefaults(config: TenantConfig | undefined): ResolvedTenantConfig {
  const d = DEFAULT_TENANT_CONFIG;
  return {
    roles: { ...(config?.roles ?? d.roles) },
    build_methods: [...(config?.build_methods ?? d.build_methods)],
    quotas: { ...d.quotas, ...config?.quotas },
    policies: {
      scan: { ...d.policies.scan, ...config?.policies?.scan },
      promotion: { ...d.policies.promotion, ...config?.policies?.promotion },
    },
  };
}
