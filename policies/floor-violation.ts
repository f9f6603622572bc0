import type { ResolvedTenantConfig } from '../manifest/tenant-config-defaults.js';

/**
 * A manifest setting the tenant's floor does not allow: where in the image it is (`['scan', 'fail_on']`,
 * `[]` for the image as a whole) and a sentence naming the tenant.yml rule.
 */
export interface FloorViolation {
  path: (string | number)[];
  message: string;
}

export type TenantRules = Pick<ResolvedTenantConfig, 'label' | 'defined' | 'policies' | 'registries' | 'promotion_rules'>;

/** How messages name one of the tenant's policies: where it is defined, or that it is built in. */
export function policyLabel(tenant: Pick<TenantRules, 'label' | 'defined'>, kind: 'scan' | 'promotion', name: string): string {
  return tenant.defined[kind].includes(name) ? `${tenant.label} policies.${kind}.${name}` : `the built-in ${kind} policy "${name}" (document 004)`;
}

/** The items of `list` in the order of `order` (unknown items last, in their own order), each once. */
export function ordered<T>(list: readonly T[], order: readonly T[]): T[] {
  const unique = [...new Set(list)];
  return [...order.filter((x) => unique.includes(x)), ...unique.filter((x) => !order.includes(x))];
}
