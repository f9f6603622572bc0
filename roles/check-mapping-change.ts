import { decide } from '../policies/decide.js';
import { grantedRoles, isAssigned, type RoleGrant } from '../policies/resolve-roles.js';
import type { RequiredAction } from './mapping-change.js';

/** May the author make this change? Allowed: the role and grant that allow each required action. */
export type ChangeVerdict =
  | { ok: true; allowedAs: string[] }
  | { ok: false; reason: string; source: string; action: RequiredAction };

/**
 * Decides each required action for the author's grants under the mapping in force, in the tenant the
 * mapping belongs to; every one must be allowed. The first refusal is the verdict: decide's reason and
 * source, and the part of the change that asked for it.
 */
export function checkMappingChange(author: string, grants: readonly RoleGrant[], required: readonly RequiredAction[], tenantId: string, now: Date): ChangeVerdict {
  const roles = grantedRoles(grants);
  const context = { subjectTenant: tenantId, resourceTenant: tenantId, assigned: isAssigned(grants), subjectLogin: author };
  const allowedAs: string[] = [];
  for (const needed of required) {
    const decision = decide({ roles, action: needed.action, context, now });
    if (decision.effect === 'deny') return { ok: false, reason: decision.reason, source: decision.source, action: needed };
    const grant = grants.find((g) => g.role === decision.role);
    allowedAs.push(`${needed.action} as ${decision.role} (${grant?.via ?? 'inherited'}; ${decision.source})`);
  }
  return { ok: true, allowedAs };
}
