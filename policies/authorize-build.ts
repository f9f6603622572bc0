import type { ResolvedTenantConfig } from '../manifest/tenant-config-defaults.js';
import type { BuildMethod } from '../manifest/types.js';
import { decide } from './decide.js';

export interface BuildRequester {
  login: string;
  roles: readonly string[];
  tenantId: string;
  assigned: boolean;
}

/** The permissions that start a build run: a new build, or a build run again (document 003). */
export type BuildAction = 'create-build' | 'retry-build';

export type BuildAuthorization = { ok: true } | { ok: false; reason: string; source: string };

/**
 * May this person start (or retry) a build with this method in this tenant? The tenant must have the method
 * enabled (tenant.yml build_methods), and the permission matrix must allow the action for the method
 * (document 003: Create Build / Retry Build and Build Method Availability). Pure; `now` is passed in.
 */
export function authorizeBuild(
  who: BuildRequester,
  build: { tenantId: string; method: BuildMethod; author?: string },
  tenant: Pick<ResolvedTenantConfig, 'build_methods'>,
  now: Date,
  action: BuildAction = 'create-build',
): BuildAuthorization {
  if (!tenant.build_methods.includes(build.method)) {
    return { ok: false, reason: `method ${build.method} is not enabled for this tenant (enabled: ${tenant.build_methods.join(', ')})`, source: 'tenant.yml build_methods' };
  }
  const decision = decide({
    roles: who.roles,
    action,
    context: { subjectTenant: who.tenantId, resourceTenant: build.tenantId, assigned: who.assigned, subjectLogin: who.login, resourceAuthor: build.author ?? who.login, method: build.method },
    now,
  });
  return decision.effect === 'allow' ? { ok: true } : { ok: false, reason: decision.reason, source: decision.source };
}
