import { DEFAULT_FAIL_ON } from '../policies/scan-policy.js';
import type { PromotionPolicy, PromotionRule, ScanPolicy, TenantConfig, TenantQuotas, TenantRescan } from './tenant-config.js';
import { BUILD_METHODS, type BuildMethod, type NotifyConfig, type RoleMappings } from './types.js';

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
  /** Where it comes from, as messages name it: `tenant.yml`, a file's path, `the built-in defaults`. */
  label: string;
  roles: RoleMappings;
  build_methods: BuildMethod[];
  /** An absent quota is no limit. */
  quotas: TenantQuotas;
  policies: { scan: Record<string, ScanPolicy>; promotion: Record<string, PromotionPolicy> };
  /** The policy names the configuration itself defines; the others are built in. */
  defined: { scan: string[]; promotion: string[] };
  /** Registries (host[:port], optionally with a path prefix) the tenant's images may be pushed and promoted to. */
  registries: string[];
  promotion_rules: PromotionRule[];
  /** Notification defaults: what applies where a manifest's `notify:` says nothing (none: nobody is told). */
  notify: NotifyConfig;
  /** Slack user ids -> GitHub logins (tenant.yml `slack:`). */
  slack: Record<string, string>;
  /** Re-scans of promoted images (tenant.yml `rescan:`); unset fields: the deployment's defaults. */
  rescan?: TenantRescan;
}

/** What applies to a tenant with no tenant.yml: no tenant roles, every method, no quota, the two built-in policies, no registry yet, no notification default, no Slack user mapped. */
export const DEFAULT_TENANT_CONFIG: Readonly<ResolvedTenantConfig> = Object.freeze({
  label: 'the built-in defaults',
  roles: {},
  build_methods: [...BUILD_METHODS],
  quotas: {},
  policies: { scan: { default: DEFAULT_SCAN_POLICY }, promotion: { production: PRODUCTION_PROMOTION_POLICY } },
  defined: { scan: [], promotion: [] },
  registries: [],
  promotion_rules: [],
  notify: {},
  slack: {},
});

/** What the deployment fills in where tenant.yml is silent. */
export interface TenantDefaults {
  /** How messages name the configuration (default `tenant.yml`; `the built-in defaults` without one). */
  label?: string;
  /**
   * The registries allowed when tenant.yml lists none: the configured registry under the tenant's own
   * prefix (`REGISTRY/<account>`), or the whole registry for the local tenant. None given: nothing is allowed.
   */
  registries?: readonly string[];
}

/**
 * The configuration that applies: tenant.yml's values over the built-in defaults. A policy named `default`
 * (scan) or `production` (promotion) in tenant.yml replaces the built-in one as a whole; other names add
 * policies. Without tenant.yml (undefined), DEFAULT_TENANT_CONFIG with the deployment's registries.
 */
export function withTenantDefaults(config: TenantConfig | undefined, defaults: TenantDefaults = {}): ResolvedTenantConfig {
  const d = DEFAULT_TENANT_CONFIG;
  return {
    label: defaults.label ?? (config ? 'tenant.yml' : d.label),
    roles: { ...(config?.roles ?? d.roles) },
    build_methods: [...(config?.build_methods ?? d.build_methods)],
    quotas: { ...d.quotas, ...config?.quotas },
    policies: {
      scan: { ...d.policies.scan, ...config?.policies?.scan },
      promotion: { ...d.policies.promotion, ...config?.policies?.promotion },
    },
    defined: { scan: Object.keys(config?.policies?.scan ?? {}), promotion: Object.keys(config?.policies?.promotion ?? {}) },
    registries: [...(config?.registries ?? defaults.registries ?? d.registries)],
    promotion_rules: (config?.promotion_rules ?? []).map((r) => ({ ...r })),
    notify: structuredClone(config?.notify ?? d.notify),
    slack: { ...(config?.slack ?? d.slack) },
    ...(config?.rescan ? { rescan: { ...config.rescan } } : {}),
  };
}

