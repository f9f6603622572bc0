import { canonicalJson } from '../db/audit-hash.js';
import type { RoleMappings } from '../manifest/types.js';
import type { ActionId } from '../policies/actions.js';
import { ROLE_IDS, ROLE_SCOPES, normalizeRole, type RoleId } from '../policies/roles.js';
import { rolesOf, type MappingContent, type MappingSource } from './mapping-source.js';

/** A permission the author of a mapping change must hold, and which part of the change asks for it. */
export interface RequiredAction {
  action: ActionId;
  /** Finishes "the change ...": `changes roles:`, `changes quotas:`. */
  because: string;
}

/** Same content (undefined: no mapping)? Compared as canonical JSON: key order does not count, list order does. */
export function sameContent(a: MappingContent | undefined, b: MappingContent | undefined): boolean {
  return (a === undefined ? 'none' : canonicalJson(a)) === (b === undefined ? 'none' : canonicalJson(b));
}

/** Who holds each role (aliases normalized, subjects lower-case). */
function holders(mapping: RoleMappings): Map<RoleId, string> {
  const sets = new Map<RoleId, Set<string>>();
  for (const [name, subjects] of Object.entries(mapping)) {
    const role = normalizeRole(name);
    if (role === undefined) continue;
    const set = sets.get(role) ?? new Set<string>();
    for (const s of Array.isArray(subjects) ? subjects : []) set.add(String(s).toLowerCase());
    sets.set(role, set);
  }
  return new Map([...sets].map(([role, set]) => [role, [...set].sort().join(',')]));
}

/** The roles whose holders differ between two mappings. */
export function changedRoles(before: RoleMappings, after: RoleMappings): RoleId[] {
  const a = holders(before);
  const b = holders(after);
  return ROLE_IDS.filter((r) => (a.get(r) ?? '') !== (b.get(r) ?? ''));
}

/** tenant.yml's sections and the operation of document 003 each one is. */
const TENANT_SECTIONS: Record<string, ActionId> = {
  roles: 'assign-roles',
  build_methods: 'tool-availability-tenant',
  quotas: 'manage-quotas',
  policies: 'set-security-policy',
};

/**
 * What the author of a change from `before` to `after` must be allowed to do, under the mapping in force.
 * tenant.yml: each changed section's operation (roles: Assign Roles; build_methods: Tool Availability
 * (Tenant); quotas: Manage Quotas; policies: Set Security Policy); a changed key with no operation of its
 * own asks for Assign Roles. A project's `roles:`: Manage Project Members, and Assign Roles as well when
 * the holders of a tenant role (tenant-admin, tenant-operator, security-reviewer) change.
 */
export function requiredActions(source: MappingSource, before: MappingContent | undefined, after: MappingContent | undefined): RequiredAction[] {
  if (sameContent(before, after)) return [];
  if (source.kind === 'project') {
    const required: RequiredAction[] = [{ action: 'manage-project-members', because: 'changes roles:' }];
    const tenantRoles = changedRoles(rolesOf(before), rolesOf(after)).filter((r) => ROLE_SCOPES[r] === 'tenant');
    if (tenantRoles.length > 0) required.push({ action: 'assign-roles', because: `changes who holds ${tenantRoles.join(', ')} in this project` });
    return required;
  }
  const keys = [...new Set([...Object.keys(before ?? {}), ...Object.keys(after ?? {})])].filter((k) => k !== 'version');
  const changed = keys.filter((k) => canonicalJson(before?.[k] ?? null) !== canonicalJson(after?.[k] ?? null));
  const required = new Map<ActionId, string[]>();
  for (const key of changed) {
    const action = TENANT_SECTIONS[key] ?? 'assign-roles';
    required.set(action, [...(required.get(action) ?? []), `${key}:`]);
  }
  if (required.size === 0) required.set('assign-roles', ['tenant.yml']);
  return [...required].map(([action, sections]) => ({ action, because: `changes ${sections.join(' and ')}` }));
}
