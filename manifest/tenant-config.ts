import type { AnySchemaObject } from 'ajv';
import { checkRoles } from './check-roles.js';
import { checkPromotionPolicies, checkPromotionRules, checkRegistries, checkRescan, checkScanPolicies } from './tenant-config-checks.js';
import tenantSchema from './tenant.schema.json' with { type: 'json' };
import type { ApprovalConfig, BuildMethod, NotifyConfig, RoleMappings, ScanConfig } from './types.js';
import { validateYaml, type ValidateResult } from './validate-yaml.js';

/**
 * `tenant.yml`, version 1: the file at the root of the organization's `.imagefactory` repository
 * (manifest/tenant.schema.json is the truth for what is accepted; docs/roles-and-mappings.md explains it).
 */

/** A named scan policy: the manifest's scan settings, without the choice of a policy. */
export type ScanPolicy = Omit<ScanConfig, 'policy'>;

/** A named promotion policy: the manifest's approval settings, without the choice of a policy. */
export type PromotionPolicy = Omit<ApprovalConfig, 'policy'>;

export interface TenantQuotas {
  /** Builds of the tenant that may run at once. */
  concurrent_builds?: number;
  /** Builds the tenant may start per UTC day. */
  builds_per_day?: number;
}

/** A promotion policy bound to targets: promotion to a repository matching `to` (a glob) is governed by `policy`. */
export interface PromotionRule {
  to: string;
  policy: string;
}

export interface TenantConfig {
  version: 1;
  /** Tenant and project roles (or aliases) -> GitHub logins and `@org/team` slugs. */
  roles?: RoleMappings;
  build_methods?: BuildMethod[];
  quotas?: TenantQuotas;
  /** Registries (host[:port], optionally with a path prefix) the tenant's images may be pushed and promoted to. */
  registries?: string[];
  promotion_rules?: PromotionRule[];
  policies?: {
    scan?: Record<string, ScanPolicy>;
    promotion?: Record<string, PromotionPolicy>;
  };
  /** Notification defaults, in the manifest's `notify:` shape: what applies where a manifest says nothing. */
  notify?: NotifyConfig;
  /** Slack user ids (U0123ABCD) -> the GitHub logins they act as. */
  slack?: Record<string, string>;
  /** Re-scans of the tenant's promoted images: how often (`every`, a duration of at least 1h, or `never`). */
  rescan?: TenantRescan;
}

export interface TenantRescan {
  /** A duration such as 24h or 7d, or `never`; unset: the deployment's IMAGEFACTORY_RESCAN_INTERVAL. */
  every?: string;
}

/** Where tenant.yml lives: this file, in the tenant's `.imagefactory` repository, on its default branch. */
export const TENANT_REPOSITORY_NAME = '.imagefactory';
export const TENANT_FILE_NAME = 'tenant.yml';

/** tenant.yml's JSON Schema (manifest/tenant.schema.json). */
export const TENANT_SCHEMA: AnySchemaObject = tenantSchema;

export const EMPTY_TENANT_MESSAGE = 'tenant.yml is empty: it needs at least "version: 1"';

/**
 * Validates tenant.yml text: YAML syntax, the schema, then the checks a schema cannot express (role names,
 * no system role, `role:` approvers, durations, ignore entries, registry names, promotion rules naming
 * defined policies with valid globs). Every problem at once with its line,
 * column and YAML path; never throws. The value is the file as written, without `x-` keys; defaults are not
 * filled in (see withTenantDefaults).
 */
export function parseTenantConfig(text: string, file: string = TENANT_FILE_NAME): ValidateResult<TenantConfig> {
  const result = validateYaml<TenantConfig>(text, {
    file,
    schema: TENANT_SCHEMA,
    checks: [checkRoles('tenant'), checkScanPolicies, checkPromotionPolicies, checkRegistries, checkPromotionRules, checkRescan],
    emptyMessage: EMPTY_TENANT_MESSAGE,
  });
  if (!result.ok) return result;
  const value = Object.fromEntries(Object.entries(result.value).filter(([key]) => !key.startsWith('x-'))) as unknown as TenantConfig;
  return { ok: true, value };
}
