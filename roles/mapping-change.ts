import { canonicalJson } from '../db/audit-hash.js';
import type { ActionId } from '../policies/actions.js';
import type { MappingContent, MappingSource } from './mapping-source.js';

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
 * own asks for Assign Roles. A project's `roles:`: Manage Project Members.
 */
export function requiredActions(source: MappingSource, before: MappingContent | undefined, after: MappingContent | undefined): RequiredAction[] {
  if (sameContent(before, after)) return [];
  // A project's roles: maps project roles only (a tenant role there does not validate), so Manage Project Members is all it takes.
  if (source.kind === 'project') return [{ action: 'manage-project-members', because: 'changes roles:' }];
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
