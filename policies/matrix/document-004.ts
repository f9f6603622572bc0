import type { ActionId } from '../actions.js';
import { allow, deny, when, type Cell } from '../cells.js';
import { ROLE_IDS, isRoleId, roleAndAbove, type RoleId } from '../roles.js';
import { documentTable, type MatrixRow } from './matrix-row.js';
import { A, X } from './marks.js';

/**
 * Document 004, Key Permissions Matrix, Core Operations. "✅* = Scoped to tenant" is what every allow of a
 * tenant-admin means (Cross-Tenant Access), so it reads as ✅. Delete Images has no operation in document 003
 * (policies/matrix-conflicts.md).
 */
export const coreOperationRows = documentTable(
  { document: '004', table: 'Key Permissions Matrix, Core Operations' },
  [['System Admin', 'system-admin'], ['Security Admin', 'security-admin'], ['Tenant Admin', 'tenant-admin'], ['Build Engineer', 'build-engineer'], ['Developer', 'developer'], ['Viewer', 'viewer']],
  [
    //                                                                              Sys Sec Ten  BE Dev Viewer
    ['Create Tenant',    ['create-tenant'],                                         [A,  X,  X,   X, X,  X]],
    ['Manage Users',     ['create-user', 'edit-user', 'delete-user', 'suspend-user'], [A, X,  A,   X, X,  X]],
    ['Create Project',   ['create-project'],                                        [A,  X,  A,   X, X,  X]],
    ['Submit Build',     ['create-build'],                                          [A,  X,  A,   A, A,  X]],
    ['Approve Security', ['approve-image', 'reject-image'],                         [A,  A,  A,   X, X,  X]],
    ['View Builds',      ['view-builds'],                                           [A,  A,  A,   A, A,  A]],
  ],
);

/**
 * The cells one Resource Access Levels entry gives every role:
 * - `X+`: X and every role that inherits from X (policies/roles.ts); `project-member+` is any project role
 *   and up, so viewer+;
 * - `X` alone: only that role; `all-auth`: every role;
 * - `build-owner+`: the build's author, and project-manager+ for any build.
 */
export function resourceRuleCells(expression: string): Record<RoleId, Cell> {
  const grant = (allowed: readonly RoleId[], otherwise: Cell = deny) =>
    Object.fromEntries(ROLE_IDS.map((r) => [r, allowed.includes(r) ? allow : otherwise])) as Record<RoleId, Cell>;
  if (expression === 'all-auth') return grant(ROLE_IDS);
  if (expression === 'build-owner+') return grant(roleAndAbove('project-manager'), when('own'));
  const plus = expression.endsWith('+');
  const name = plus ? expression.slice(0, -1) : expression;
  const role = name === 'project-member' ? 'viewer' : name;
  if (!isRoleId(role)) throw new Error(`document 004: unknown role in resource rule ${expression}`);
  return grant(plus ? roleAndAbove(role) : [role]);
}

function rule(group: string, resource: string, column: string, text: string, actions: readonly ActionId[]): MatrixRow {
  const expression = text.replace(/^[a-z]+: /, '');
  return {
    actions,
    source: { document: '004', table: `Resource Access Levels, ${group}`, row: resource, column: `${column}: ${text}` },
    cells: resourceRuleCells(expression),
  };
}

/** Document 004, Resource Access Levels, where an entry speaks about an operation of document 003. */
export const resourceRuleRows: MatrixRow[] = [
  rule('Builds & Images', 'Builds', 'Create', 'developer+', ['create-build']),
  rule('Builds & Images', 'Builds', 'Read', 'project-member+', ['view-builds', 'view-logs']),
  rule('Builds & Images', 'Builds', 'Update', 'build-engineer+', ['edit-build']),
  rule('Builds & Images', 'Builds', 'Delete', 'project-manager+', ['delete-build']),
  rule('Builds & Images', 'Builds', 'Special', 'cancel: build-owner+', ['cancel-build']),
  rule('Administration', 'Tenants', 'Create', 'system-admin', ['create-tenant']),
  rule('Administration', 'Tenants', 'Read', 'all-auth', ['view-tenant-details']),
  rule('Administration', 'Tenants', 'Update', 'system-admin', ['edit-tenant']),
  rule('Administration', 'Tenants', 'Delete', 'system-admin', ['delete-tenant']),
  rule('Administration', 'Tenants', 'Special', 'suspend: system-admin', ['suspend-tenant']),
  rule('Administration', 'Users', 'Create', 'tenant-admin+', ['create-user']),
  rule('Administration', 'Users', 'Read', 'tenant-admin+', ['view-users-tenant']),
  rule('Administration', 'Users', 'Update', 'tenant-admin+', ['edit-user', 'suspend-user']),
  rule('Administration', 'Users', 'Delete', 'tenant-admin+', ['delete-user']),
  rule('Administration', 'Users', 'Special', 'roles: tenant-admin+', ['manage-roles', 'assign-roles']),
  rule('Administration', 'Projects', 'Create', 'tenant-operator+', ['create-project']),
  rule('Administration', 'Projects', 'Read', 'project-member+', ['view-projects']),
  rule('Administration', 'Projects', 'Update', 'project-manager+', ['edit-project']),
  rule('Administration', 'Projects', 'Delete', 'tenant-operator+', ['delete-project']),
  rule('Administration', 'Projects', 'Special', 'archive: tenant-admin+', ['archive-project']),
];
