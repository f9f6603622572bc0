/**
 * The eleven roles of document 004 ("System Roles Overview"), the names documents 000 and 002 use for some of
 * them, and how they inherit from one another. Pure data and functions: no I/O.
 */

/** Ordered from the widest role to the narrowest: global, then tenant, then project. */
export const ROLE_IDS = [
  'system-admin',
  'security-admin',
  'platform-operator',
  'global-auditor',
  'tenant-admin',
  'tenant-operator',
  'security-reviewer',
  'project-manager',
  'build-engineer',
  'developer',
  'viewer',
] as const;

export type RoleId = (typeof ROLE_IDS)[number];

export type RoleScope = 'global' | 'tenant' | 'project';

/** Document 004, System Roles Overview, column Scope. */
export const ROLE_SCOPES: Readonly<Record<RoleId, RoleScope>> = {
  'system-admin': 'global',
  'security-admin': 'global',
  'platform-operator': 'global',
  'global-auditor': 'global',
  'tenant-admin': 'tenant',
  'tenant-operator': 'tenant',
  'security-reviewer': 'tenant',
  'project-manager': 'project',
  'build-engineer': 'project',
  developer: 'project',
  viewer: 'project',
};

/** Names from documents 000 and 002 accepted wherever a role is named (manifest `roles:`, tenant.yml, the CLI). */
export const ROLE_ALIASES: Readonly<Record<string, RoleId>> = {
  owner: 'tenant-admin',
  admin: 'tenant-admin',
  operator: 'tenant-operator',
  member: 'developer',
};

/**
 * Direct inheritance: each role holds the permissions of the roles listed (document 004, Permission
 * Inheritance: System Roles > Tenant Roles > Project Roles). Every edge goes from a wider or equal scope to a
 * narrower one. "X+" in document 004 means X and every role that inherits from X, directly or not.
 */
export const ROLE_INHERITS: Readonly<Record<RoleId, readonly RoleId[]>> = {
  'system-admin': ['security-admin', 'platform-operator', 'global-auditor', 'tenant-admin'],
  'security-admin': ['security-reviewer'],
  'platform-operator': ['tenant-operator'],
  'global-auditor': ['viewer'],
  'tenant-admin': ['tenant-operator', 'security-reviewer'],
  'tenant-operator': ['project-manager'],
  'security-reviewer': ['viewer'],
  'project-manager': ['build-engineer'],
  'build-engineer': ['developer'],
  developer: ['viewer'],
  viewer: [],
};

/** Document 004, Cross-Tenant Access: the only roles that may act on another tenant's resources. */
export const CROSS_TENANT_ROLES: readonly RoleId[] = ['system-admin', 'security-admin', 'global-auditor'];

/**
 * Roles whose plain allow reaches only the projects they are assigned to (document 003, Permission Flow:
 * "Tenant Op/Build Eng/Dev: Access ASSIGNED tenant + ASSIGNED projects", "Viewer: ... assigned projects";
 * project-manager is a project role). Their cells say so with the `assigned` condition.
 */
export const ASSIGNED_PROJECT_ROLES: readonly RoleId[] = ['tenant-operator', 'project-manager', 'build-engineer', 'developer', 'viewer'];

export function isRoleId(name: string): name is RoleId {
  return (ROLE_IDS as readonly string[]).includes(name);
}

/** The role id for a role id or alias (any case, surrounding blanks ignored), or undefined. */
export function normalizeRole(name: string): RoleId | undefined {
  const key = name.trim().toLowerCase();
  if (isRoleId(key)) return key;
  return Object.hasOwn(ROLE_ALIASES, key) ? ROLE_ALIASES[key] : undefined;
}

/** Every role `role` inherits from, directly or not (not including itself), widest first. */
export function inheritedRoles(role: RoleId): RoleId[] {
  const found = new Set<RoleId>();
  const visit = (r: RoleId) => {
    for (const child of ROLE_INHERITS[r]) {
      if (!found.has(child)) {
        found.add(child);
        visit(child);
      }
    }
  };
  visit(role);
  return ROLE_IDS.filter((r) => found.has(r));
}

/** Document 004's "role+": the role and every role that inherits from it, widest first. */
export function roleAndAbove(role: RoleId): RoleId[] {
  return ROLE_IDS.filter((r) => r === role || inheritedRoles(r).includes(role));
}
