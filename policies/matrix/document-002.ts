import type { RoleId } from '../roles.js';
import { documentTable } from './matrix-row.js';
import { A, X } from './marks.js';

/**
 * Document 002, the rows that speak about operations of document 003. Owner and Admin are both tenant-admin
 * (002: "Owner and Administrator roles (same permissions)"), Dev developer, Op tenant-operator, View viewer,
 * SysAdmin system-admin. Rows left out (navigation, images, personal settings, profile) are in
 * policies/matrix-conflicts.md and policies/not-ours.md.
 */
const PAGE_COLUMNS: readonly (readonly [string, RoleId])[] = [
  ['Owner', 'tenant-admin'], ['Admin', 'tenant-admin'], ['Dev', 'developer'], ['Op', 'tenant-operator'], ['View', 'viewer'],
];

export const featureMatrixRows = documentTable(
  { document: '002', table: 'Role-Based Feature Matrix' },
  [...PAGE_COLUMNS, ['SysAdmin', 'system-admin']],
  [
    //                                                                Owner Admin Dev Op View SysAdmin
    ['Project Management - List projects',       ['view-projects'],          [A, A, A, A, A, A]],
    ['Project Management - Create project',      ['create-project'],         [A, A, A, A, X, A]],
    ['Project Management - Edit project',        ['edit-project'],           [A, A, A, A, X, A]],
    ['Project Management - Delete project',      ['delete-project'],         [A, A, X, X, X, A]],
    ['Member Management - Add member',           ['manage-project-members'], [A, A, X, X, X, A]],
    ['Member Management - Edit member role',     ['manage-project-members'], [A, A, X, X, X, A]],
    ['Member Management - Remove member',        ['manage-project-members'], [A, A, X, X, X, A]],
    ['Member Management - Assign RBAC roles',    ['assign-roles'],           [A, A, X, X, X, A]],
    ['Build Management - List builds',           ['view-builds'],            [A, A, A, A, A, A]],
    ['Build Management - Create build',          ['create-build'],           [A, A, A, A, X, A]],
    ['Build Management - View build details',    ['view-builds'],            [A, A, A, A, A, A]],
    ['Build Management - Cancel build',          ['cancel-build'],           [A, A, A, A, X, A]],
    ['Build Management - Restart build',         ['retry-build'],            [A, A, A, A, X, A]],
    ['Tenant Management - List tenants',         ['view-all-tenants'],       [A, A, X, X, X, A]],
    ['Tenant Management - Create tenant',        ['create-tenant'],          [A, A, X, X, X, A]],
    ['Tenant Management - Edit tenant',          ['edit-tenant'],            [A, A, X, X, X, A]],
    ['Tenant Management - Delete tenant',        ['delete-tenant'],          [A, A, X, X, X, A]],
    ['Tenant Management - Set quotas',           ['manage-quotas'],          [A, A, X, X, X, A]],
    ['Administration - System config',           ['system-settings'],        [X, X, X, X, X, A]],
    ['Administration - User management',         ['view-users-all'],         [X, X, X, X, X, A]],
    ['Administration - View audit logs (global)', ['view-audit-logs-all'],   [X, X, X, X, X, A]],
  ],
);

export const pageFeatureRows = documentTable(
  { document: '002', table: 'Page-by-Page Feature List' },
  PAGE_COLUMNS,
  [
    //                                                                Owner Admin Dev Op View
    ['Dashboard Page - View analytics',          ['view-project-stats'],     [A, A, A, A, A]],
    ['Dashboard Page - View stats',              ['view-project-stats'],     [A, A, A, A, A]],
    ['Projects Page - List projects',            ['view-projects'],          [A, A, A, A, A]],
    ['Projects Page - Create project',           ['create-project'],         [A, A, A, A, X]],
    ['Projects Page - Search projects',          ['view-projects'],          [A, A, A, A, A]],
    ['Projects Page - Filter projects',          ['view-projects'],          [A, A, A, A, A]],
    ['Project Detail Page - View details',       ['view-projects'],          [A, A, A, A, A]],
    ['Project Detail Page - Edit project',       ['edit-project'],           [A, A, A, A, X]],
    ['Project Detail Page - Delete project',     ['delete-project'],         [A, A, X, X, X]],
    ['Project Detail Page - Add member',         ['manage-project-members'], [A, A, X, X, X]],
    ['Project Detail Page - Edit member role',   ['manage-project-members'], [A, A, X, X, X]],
    ['Project Detail Page - Remove member',      ['manage-project-members'], [A, A, X, X, X]],
    ['Project Detail Page - View builds',        ['view-builds'],            [A, A, A, A, A]],
    ['Builds Page - List builds',                ['view-builds'],            [A, A, A, A, A]],
    ['Builds Page - Create build',               ['create-build'],           [A, A, A, A, X]],
    ['Builds Page - Filter builds',              ['view-builds'],            [A, A, A, A, A]],
    ['Builds Page - Search builds',              ['view-builds'],            [A, A, A, A, A]],
    ['Build Detail Page - View details',         ['view-builds'],            [A, A, A, A, A]],
    ['Build Detail Page - View logs',            ['view-logs'],              [A, A, A, A, A]],
    ['Build Detail Page - Cancel build',         ['cancel-build'],           [A, A, A, A, X]],
    ['Build Detail Page - Restart build',        ['retry-build'],            [A, A, A, A, X]],
    ['Tenants Page (NEW) - List tenants',        ['view-all-tenants'],       [A, A, X, X, X]],
    ['Tenants Page (NEW) - Create tenant',       ['create-tenant'],          [A, A, X, X, X]],
    ['Tenants Page (NEW) - View tenant',         ['view-tenant-details'],    [A, A, X, X, X]],
    ['Tenants Page (NEW) - Edit tenant',         ['edit-tenant'],            [A, A, X, X, X]],
    ['Tenants Page (NEW) - Delete tenant',       ['delete-tenant'],          [A, A, X, X, X]],
    ['Tenants Page (NEW) - Set quotas',          ['manage-quotas'],          [A, A, X, X, X]],
  ],
);
