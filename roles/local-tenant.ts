import fs from 'node:fs';
import path from 'node:path';
import type { Config } from '../lib/config.js';
import { MANIFEST_FILE_NAMES } from '../manifest/load-manifest.js';
import { formatProblem } from '../manifest/problem.js';
import { parseTenantConfig } from '../manifest/tenant-config.js';
import { DEFAULT_SCAN_POLICY, withTenantDefaults, type ResolvedTenantConfig } from '../manifest/tenant-config-defaults.js';
import type { RoleMappings } from '../manifest/types.js';
import { parseProjectRoles } from './parse-project-roles.js';

/** The tenant of builds run from a local checkout (`imagefactory run`). */
export const LOCAL_TENANT = 'local';

/** The local tenant's configuration could not be read: the file and every problem. */
export class TenantConfigError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'TenantConfigError';
  }
}

/** How messages name the local tenant's configuration when IMAGEFACTORY_TENANT_CONFIG is not set. */
export const LOCAL_DEFAULTS_LABEL = "the local tenant's built-in configuration";

/**
 * The local tenant's configuration in force: IMAGEFACTORY_TENANT_CONFIG (a tenant.yml) when set, read now;
 * otherwise the built-in defaults with the person running the embedded stack (config.user) as the local
 * tenant's admin (they own this machine's stack), and a default scan policy that passes an image scanned
 * without a vulnerability database with a warning (a fresh machine has none; production tenants hold such
 * images, as document 004's Default Scan Policy does). Images may use the whole configured registry.
 */
export function localTenantConfig(config: Pick<Config, 'tenantConfigFile' | 'user' | 'registry'>): ResolvedTenantConfig {
  const file = config.tenantConfigFile;
  const defaults = { registries: [config.registry] };
  if (!file) {
    const builtIn = { version: 1 as const, roles: { 'tenant-admin': [config.user] }, policies: { scan: { default: { ...DEFAULT_SCAN_POLICY, on_missing_db: 'warn' as const } } } };
    return withTenantDefaults(builtIn, { ...defaults, label: LOCAL_DEFAULTS_LABEL });
  }
  if (!fs.existsSync(file)) throw new TenantConfigError(`IMAGEFACTORY_TENANT_CONFIG=${file}: no such file`);
  const parsed = parseTenantConfig(fs.readFileSync(file, 'utf8'), file);
  if (!parsed.ok) throw new TenantConfigError(`IMAGEFACTORY_TENANT_CONFIG=${file} is not valid:\n${parsed.problems.map(formatProblem).join('\n')}`);
  return withTenantDefaults(parsed.value, { ...defaults, label: file });
}

/**
 * A local checkout's project roles: the `roles:` of the manifest in the folder as it is now (a local
 * checkout has no default branch; the folder is what the person running it controls). None when the
 * folder holds no manifest or its `roles:` is not valid.
 */
export function localProjectRoles(dir: string): { label: string; roles: RoleMappings } | undefined {
  for (const name of MANIFEST_FILE_NAMES) {
    const file = path.join(dir, name);
    if (!fs.existsSync(file)) continue;
    const parsed = parseProjectRoles(fs.readFileSync(file, 'utf8'), name);
    return parsed.ok && parsed.value ? { label: name, roles: parsed.value } : undefined;
  }
  return undefined;
}
