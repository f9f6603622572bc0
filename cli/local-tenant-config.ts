import type { Config } from '../lib/config.js';
import type { ResolvedTenantConfig } from '../manifest/tenant-config-defaults.js';
import { localTenantConfig, TenantConfigError } from '../roles/local-tenant.js';
import type { Io } from './io.js';

/** The local tenant's configuration for a command, or undefined after saying why it cannot be read (the caller exits 2). */
export function readLocalTenantConfig(config: Config, io: Io, command: string): ResolvedTenantConfig | undefined {
  try {
    return localTenantConfig(config);
  } catch (err) {
    if (!(err instanceof TenantConfigError)) throw err;
    io.err(`${command}: ${err.message}`);
    return undefined;
  }
}
