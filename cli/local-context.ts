import fs from 'node:fs';
import os from 'node:os';
import type { Config } from '../lib/config.js';
import { formatProblem } from '../manifest/problem.js';
import { withTenantDefaults, type ResolvedTenantConfig } from '../manifest/tenant-config-defaults.js';
import { parseTenantConfig } from '../manifest/tenant-config.js';
import type { Manifest } from '../manifest/types.js';
import { grantedRoles, isAssigned, resolveRoles, type RoleGrant } from '../policies/resolve-roles.js';

/** The tenant of builds run from a local checkout. */
export const LOCAL_TENANT = 'local';

export interface LocalActor {
  login: string;
  roles: string[];
  teams: string[];
  assigned: boolean;
  grants: RoleGrant[];
  tenantId: string;
}

/** Who runs the CLI: IMAGEFACTORY_USER, else the operating-system user. */
export function localLogin(env: Record<string, string | undefined> = process.env): string {
  return env.IMAGEFACTORY_USER?.trim() || os.userInfo().username;
}

/**
 * The local tenant's configuration: IMAGEFACTORY_TENANT_CONFIG (a tenant.yml) when set; otherwise the
 * built-in defaults with the person running the CLI as the local tenant's admin (they own this machine's
 * stack). Roles still come only from mappings: `--as` someone else gets that person's mapped roles.
 */
export function localTenantConfig(env: Record<string, string | undefined> = process.env): ResolvedTenantConfig {
  const file = env.IMAGEFACTORY_TENANT_CONFIG?.trim();
  if (!file) return withTenantDefaults({ version: 1, roles: { 'tenant-admin': [localLogin(env)] } });
  if (!fs.existsSync(file)) throw new Error(`IMAGEFACTORY_TENANT_CONFIG=${file}: no such file`);
  const parsed = parseTenantConfig(fs.readFileSync(file, 'utf8'), file);
  if (!parsed.ok) throw new Error(`IMAGEFACTORY_TENANT_CONFIG=${file} is not valid:\n${parsed.problems.map(formatProblem).join('\n')}`);
  return withTenantDefaults(parsed.value);
}

/** The roles a login holds for a local checkout: system roles, the local tenant mapping, the manifest's `roles:`. */
export function localActor(config: Config, tenant: ResolvedTenantConfig, manifest: Manifest | undefined, login: string): LocalActor {
  const grants = resolveRoles({
    login,
    teams: [],
    system: config.systemRoles,
    tenant: { label: 'tenant.yml', roles: tenant.roles },
    project: manifest?.roles ? { label: '.imagefactory.yml', roles: manifest.roles } : undefined,
  });
  return { login, roles: grantedRoles(grants), teams: [], assigned: isAssigned(grants), grants, tenantId: LOCAL_TENANT };
}
