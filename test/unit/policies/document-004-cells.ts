import type { ActionId } from '../../../policies/actions.js';
import { ROLE_IDS, roleAndAbove, type RoleId } from '../../../policies/roles.js';
import { check, fullAccessChecks, ROLE_OF_COLUMN, type Check, type DocumentCell, type DocumentTest } from './cell-checks.js';
import { parseTables, readProductDocument, type DocTable } from './document-tables.js';

/** Document 004 read from its text: the roles, the core operations, the resource rules, the Security Model. */
export const text004 = readProductDocument('004-rbac-quick-reference.txt');
const tables = parseTables(text004, ['Role', 'Operation', 'Resource']);

export function table004(title: string): DocTable {
  const found = tables.find((t) => t.title === title);
  if (!found) throw new Error(`document 004 has no table ${title}`);
  return found;
}

/** Security Model, Cross-Tenant Access: the roles allowed to act on another tenant's resources. */
export function crossTenantRoles(): string[] {
  const allowed = /Cross-Tenant Access\n- Allowed: (.+)\n/.exec(text004)?.[1];
  if (allowed === undefined) throw new Error('document 004 has no Cross-Tenant Access line "- Allowed: ..."');
  return allowed.split(',').map((s) => s.trim());
}

/** Which operations of document 003 each of 004's operations and resource columns speaks about (read here). */
export const CORE: Record<string, ActionId[]> = {
  'Create Tenant': ['create-tenant'],
  'Manage Users': ['create-user', 'edit-user', 'delete-user', 'suspend-user'],
  'Create Project': ['create-project'],
  'Submit Build': ['create-build'],
  'Approve Security': ['approve-image', 'reject-image'],
  'View Builds': ['view-builds'],
  'Delete Images': [],
};
const RESOURCES: Record<string, Record<string, ActionId[]>> = {
  Builds: { Create: ['create-build'], Read: ['view-builds', 'view-logs'], Update: ['edit-build'], Delete: ['delete-build'], cancel: ['cancel-build'] },
  Images: {},
  Artifacts: {},
  Tenants: { Create: ['create-tenant'], Read: ['view-tenant-details'], Update: ['edit-tenant'], Delete: ['delete-tenant'], suspend: ['suspend-tenant'] },
  Users: { Create: ['create-user'], Read: ['view-users-tenant'], Update: ['edit-user', 'suspend-user'], Delete: ['delete-user'], roles: ['manage-roles', 'assign-roles'] },
  Projects: { Create: ['create-project'], Read: ['view-projects'], Update: ['edit-project'], Delete: ['delete-project'], archive: ['archive-project'] },
};

/** What a resource rule promises a role: `X+` is X and the roles inheriting from it, build-owner+ adds authors. */
function ruleChecks(expression: string, role: RoleId): Check[] {
  const full = fullAccessChecks('✅', 'view-builds');
  if (expression === 'all-auth') return full;
  const owner = expression === 'build-owner+';
  const name = owner ? 'project-manager' : expression.replace(/\+$/, '').replace('project-member', 'viewer');
  const holders = expression.endsWith('+') ? roleAndAbove(name as RoleId) : [name];
  if (holders.includes(role)) return full;
  return owner ? [check("on someone else's build", { resourceAuthor: 'bob' }, 'deny')] : fullAccessChecks('❌', 'view-builds');
}

function coreTests(): DocumentTest[] {
  const core = table004('Core Operations');
  return core.rows.flatMap((row) =>
    core.columns.map((column) => ({
      group: 'Core Operations',
      name: `${row.name} / ${column}: ${row.cells[column]}`,
      cells: CORE[row.name].map((action): DocumentCell => ({
        document: '004', table: 'Core Operations', row: row.name, column, marker: row.cells[column],
        role: ROLE_OF_COLUMN[column], action, checks: fullAccessChecks(row.cells[column], action),
      })),
    })),
  );
}

function resourceTests(): DocumentTest[] {
  return [table004('Builds & Images'), table004('Administration')].flatMap((t) =>
    t.rows.flatMap((row) =>
      t.columns.flatMap((column) => {
        const marker = row.cells[column];
        const [, special, expression] = /^(?:([a-z]+): )?(.+)$/.exec(marker) as RegExpExecArray;
        const actions = RESOURCES[row.name][column === 'Special' ? special : column] ?? [];
        if (actions.length === 0) return [];
        const cells = ROLE_IDS.flatMap((role) => actions.map((action): DocumentCell => ({
          document: '004', table: `Resource Access Levels, ${t.title}`, row: row.name, column, marker, role, action, checks: ruleChecks(expression, role),
        })));
        return [{ group: 'Resource Access Levels', name: `${row.name} / ${column}: ${marker}`, cells }];
      }),
    ),
  );
}

/** Document 004's cells, one test per cell of Core Operations and per resource rule (for every role). */
export function document004Tests(): DocumentTest[] {
  return [...coreTests(), ...resourceTests()];
}
