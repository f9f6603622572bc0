import { describe, expect, test } from '@jest/globals';
import type { ActionId } from '../../../policies/actions.js';
import { CROSS_TENANT_ROLES, ROLE_IDS, ROLE_SCOPES, roleAndAbove, type RoleId } from '../../../policies/roles.js';
import { check, fullAccessChecks, listedConflicts, ROLE_OF_COLUMN, verifyChecks, type Check } from './cell-checks.js';
import { parseTables, readProductDocument } from './document-tables.js';

/** Document 004 read from its text: the roles, the core operations and the resource rules. */
const text = readProductDocument('004-rbac-quick-reference.txt');
const tables = parseTables(text, ['Role', 'Operation', 'Resource']);
const byTitle = (title: string) => {
  const found = tables.find((t) => t.title === title);
  if (!found) throw new Error(`document 004 has no table ${title}`);
  return found;
};
const conflicts = listedConflicts();

/** Which operations of document 003 each of 004's operations and resource columns speaks about (read here). */
const CORE: Record<string, ActionId[]> = {
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

test('the eleven roles and their scopes are those of the System Roles Overview', () => {
  const overview = byTitle('System Roles Overview');
  expect(overview.rows.map((r) => r.name).sort()).toEqual([...ROLE_IDS].sort());
  for (const row of overview.rows) expect([row.name, row.cells.Scope.replace(' (Read-only)', '').toLowerCase()]).toEqual([row.name, ROLE_SCOPES[row.name as RoleId]]);
});

test('cross-tenant access is allowed exactly to the roles the Security Model names', () => {
  const allowed = /Cross-Tenant Access\n- Allowed: (.+)\n/.exec(text)?.[1].split(',').map((s) => s.trim());
  expect(allowed).toEqual([...CROSS_TENANT_ROLES]);
});

describe('Core Operations', () => {
  const core = byTitle('Core Operations');
  for (const row of core.rows) {
    for (const column of core.columns) {
      test(`${row.name} / ${column}: ${row.cells[column]}`, () => {
        const role = ROLE_OF_COLUMN[column];
        for (const action of CORE[row.name]) {
          verifyChecks(role, action, fullAccessChecks(row.cells[column], action), `document 004 (Core Operations, ${row.name}, ${column})`, conflicts);
        }
      });
    }
  }
});

describe('Resource Access Levels', () => {
  for (const t of [byTitle('Builds & Images'), byTitle('Administration')]) {
    for (const row of t.rows) {
      for (const column of t.columns) {
        const cell = row.cells[column];
        const [, special, expression] = /^(?:([a-z]+): )?(.+)$/.exec(cell) as RegExpExecArray;
        const actions = RESOURCES[row.name][column === 'Special' ? special : column] ?? [];
        if (actions.length === 0) continue;
        test(`${row.name} / ${column}: ${cell}`, () => {
          for (const role of ROLE_IDS) {
            for (const action of actions) verifyChecks(role, action, ruleChecks(expression, role), `document 004 (${row.name}, ${column}: ${cell})`, conflicts);
          }
        });
      }
    }
  }

  test('project-manager+ reaches project-manager, the tenant operators and admins, and system-admin', () => {
    expect(roleAndAbove('project-manager')).toEqual(['system-admin', 'platform-operator', 'tenant-admin', 'tenant-operator', 'project-manager']);
  });
});
