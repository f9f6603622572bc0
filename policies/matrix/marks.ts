import { allow, deny, when, type Cell } from '../cells.js';
import type { RoleId } from '../roles.js';

/**
 * How document 003's cell markers read, as cells (see policies/matrix-conflicts.md, "Rules"). Roles that reach
 * only their assigned projects (tenant-operator and the project roles) get `assigned` on every allow whose
 * marker does not name a wider scope ("Ten", "Tenant", "All", ...).
 */

/** ✅, ✅ Any, ✅ All, ✅ System-wide, for a role not bound to assigned projects. */
export const A: Cell = allow;
/** ❌ */
export const X: Cell = deny;
/** ✅ (or ✅ Assigned) for a role bound to its assigned projects. */
export const AS: Cell = when('assigned');
/** ✅ Ten, ✅ Tenant, ✅ Tenant-wide. */
export const TEN: Cell = when('tenant');
/** ⚠️ Own for a role not bound to assigned projects (platform-operator). */
export const OWN: Cell = when('own');
/** ✅ Own, ⚠️ Own, ✅ Own builds, for a role bound to its assigned projects. */
export const OWN_AS: Cell = when('assigned', 'own');
/** ⚠️* for the developer: "Dockerfile/Buildx only". */
export const DEV: Cell = when('assigned', { method: ['dockerfile', 'buildx'] });
/** ⚠️ Own* for the developer. */
export const DEV_OWN: Cell = when('assigned', 'own', { method: ['dockerfile', 'buildx'] });
/** ⚠️* in Tool Configuration: "Limited to available/enabled tools". */
export const TOOLS: Cell = when('assigned', 'enabled-tools');

/** The 7-column tables (PROJECT SCOPE, BUILD CONFIG). */
export const SEVEN: readonly RoleId[] = ['system-admin', 'tenant-admin', 'tenant-operator', 'build-engineer', 'developer', 'security-reviewer', 'viewer'];

/** The 10-column tables. "Op Admin" is platform-operator, "Auditor" global-auditor. */
export const TEN_COLUMNS: readonly RoleId[] = [
  'system-admin', 'security-admin', 'platform-operator', 'global-auditor', 'tenant-admin',
  'tenant-operator', 'build-engineer', 'developer', 'security-reviewer', 'viewer',
];
