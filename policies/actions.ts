import type { BuildMethod } from '../manifest/types.js';

/**
 * One action per operation of document 003 (page-access rows excepted: see policies/not-ours.md). The id is
 * the operation name in kebab case, `&` read as `and`, parentheses dropped: "View Audit Logs (Tenant)" is
 * `view-audit-logs-tenant`. The matrix rows (policies/matrix/) say in which table each one stands.
 */
export interface ActionDef {
  /** The operation's name as document 003 writes it. */
  name: string;
  /** What the action does, to finish "developer may not ..." in a refusal. */
  phrase: string;
  /** The request names a build method, and the method must be available to the role (Build Method Availability). */
  usesMethod?: true;
  /** For the Build Method Availability rows: the methods the row is about. */
  methods?: readonly BuildMethod[];
}

const defs = {
  // Projects (PROJECT SCOPE and PROJECT OPERATIONS tables)
  'view-projects': { name: 'View Projects', phrase: 'view projects' },
  'create-project': { name: 'Create Project', phrase: 'create a project' },
  'edit-project': { name: 'Edit Project', phrase: 'edit a project' },
  'delete-project': { name: 'Delete Project', phrase: 'delete a project' },
  'manage-project-members': { name: 'Manage Project Members', phrase: 'manage project members' },
  'set-project-quota': { name: 'Set Project Quota', phrase: 'set a project quota' },
  'archive-project': { name: 'Archive Project', phrase: 'archive a project' },
  'view-project-stats': { name: 'View Project Stats', phrase: 'view project statistics' },
  // Build configs
  'create-build-config': { name: 'Create Build Config', phrase: 'create a build config', usesMethod: true },
  'edit-build-config': { name: 'Edit Build Config', phrase: 'edit a build config', usesMethod: true },
  'delete-build-config': { name: 'Delete Build Config', phrase: 'delete a build config' },
  'view-build-configs': { name: 'View Build Configs', phrase: 'view build configs' },
  'clone-build-config': { name: 'Clone Build Config', phrase: 'clone a build config', usesMethod: true },
  // Builds
  'view-builds': { name: 'View Builds', phrase: 'view builds' },
  'create-build': { name: 'Create Build', phrase: 'create a build', usesMethod: true },
  'edit-build': { name: 'Edit Build', phrase: 'edit a build', usesMethod: true },
  'cancel-build': { name: 'Cancel Build', phrase: 'cancel a build' },
  'retry-build': { name: 'Retry Build', phrase: 'retry a build', usesMethod: true },
  'delete-build': { name: 'Delete Build', phrase: 'delete a build' },
  'view-logs': { name: 'View Logs', phrase: 'view build logs' },
  'approve-build': { name: 'Approve Build', phrase: 'approve a build' },
  // Users
  'view-users-all': { name: 'View Users (All)', phrase: 'view the users of every tenant' },
  'view-users-tenant': { name: 'View Users (Tenant)', phrase: "view the tenant's users" },
  'create-user': { name: 'Create User', phrase: 'create a user' },
  'edit-user': { name: 'Edit User', phrase: 'edit a user' },
  'delete-user': { name: 'Delete User', phrase: 'delete a user' },
  'suspend-user': { name: 'Suspend User', phrase: 'suspend a user' },
  'manage-roles': { name: 'Manage Roles', phrase: "manage users' roles" },
  // Roles
  'view-roles-all': { name: 'View Roles (All)', phrase: 'view the roles of every tenant' },
  'view-roles-tenant': { name: 'View Roles (Tenant)', phrase: "view the tenant's roles" },
  'create-role': { name: 'Create Role', phrase: 'create a role' },
  'edit-role': { name: 'Edit Role', phrase: 'edit a role' },
  'delete-role': { name: 'Delete Role', phrase: 'delete a role' },
  'assign-roles': { name: 'Assign Roles', phrase: 'assign roles' },
  // Tenants
  'view-all-tenants': { name: 'View All Tenants', phrase: 'view all tenants' },
  'view-tenant-details': { name: 'View Tenant Details', phrase: "view the tenant's details" },
  'create-tenant': { name: 'Create Tenant', phrase: 'create a tenant' },
  'edit-tenant': { name: 'Edit Tenant', phrase: 'edit a tenant' },
  'suspend-tenant': { name: 'Suspend Tenant', phrase: 'suspend a tenant' },
  'delete-tenant': { name: 'Delete Tenant', phrase: 'delete a tenant' },
  'manage-quotas': { name: 'Manage Quotas', phrase: 'manage quotas' },
  // Security
  'view-scan-results': { name: 'View Scan Results', phrase: 'view scan results' },
  'view-vulnerabilities': { name: 'View Vulnerabilities', phrase: 'view vulnerabilities' },
  'quarantine-image': { name: 'Quarantine Image', phrase: 'quarantine an image' },
  'approve-image': { name: 'Approve Image', phrase: 'release an image from quarantine' },
  'reject-image': { name: 'Reject Image', phrase: 'reject a quarantined image' },
  'set-security-policy': { name: 'Set Security Policy', phrase: 'set the security policy' },
  // Admin and settings
  'tool-availability-all': { name: 'Tool Availability (All)', phrase: 'set tool availability for every tenant' },
  'tool-availability-tenant': { name: 'Tool Availability (Tenant)', phrase: "set the tenant's tool availability" },
  'system-settings': { name: 'System Settings', phrase: 'change system settings' },
  'registry-credentials': { name: 'Registry Credentials', phrase: 'manage registry credentials' },
  'secret-management': { name: 'Secret Management', phrase: 'manage secrets' },
  // Audit and compliance
  'view-audit-logs-all': { name: 'View Audit Logs (All)', phrase: 'view the audit logs of every tenant' },
  'view-audit-logs-tenant': { name: 'View Audit Logs (Tenant)', phrase: "view the tenant's audit log" },
  'export-audit-logs': { name: 'Export Audit Logs', phrase: 'export audit logs' },
  'view-compliance-reports': { name: 'View Compliance Reports', phrase: 'view compliance reports' },
  'generate-report': { name: 'Generate Report', phrase: 'generate a compliance report' },
  // Build method availability
  'packer-infrastructure': { name: 'Packer (Infrastructure)', phrase: 'build with Packer', methods: ['packer'] },
  'paketo-buildpacks': { name: 'Paketo (Buildpacks)', phrase: 'build with Paketo', methods: ['paketo'] },
  'kaniko-k8s-native': { name: 'Kaniko (K8s-native)', phrase: 'build with Kaniko', methods: ['kaniko'] },
  'dockerfile-buildx': { name: 'Dockerfile/Buildx', phrase: 'build with Dockerfile or Buildx', methods: ['dockerfile', 'buildx'] },
  // Tool configuration
  'sbom-tool-selection': { name: 'SBOM Tool Selection', phrase: 'choose the SBOM tool' },
  'security-scanner': { name: 'Security Scanner', phrase: 'choose the security scanner' },
  'registry-selection': { name: 'Registry Selection', phrase: 'choose the registry' },
  'secret-manager': { name: 'Secret Manager', phrase: 'choose the secret manager' },
  'advanced-options': { name: 'Advanced Options', phrase: 'set advanced build options' },
} satisfies Record<string, ActionDef>;

export type ActionId = keyof typeof defs;

export const ACTIONS: Readonly<Record<ActionId, ActionDef>> = defs;

/** Grouped by document 003's tables. */
export const ACTION_IDS = Object.keys(defs) as ActionId[];

export function isActionId(name: string): name is ActionId {
  return Object.hasOwn(defs, name);
}

/** The Build Method Availability row that governs a build method. */
export function methodAction(method: BuildMethod): ActionId {
  const found = ACTION_IDS.find((id) => (ACTIONS[id].methods ?? []).includes(method));
  if (found === undefined) throw new Error(`no Build Method Availability row names method ${method}`);
  return found;
}
