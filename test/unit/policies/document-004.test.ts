import { describe, expect, test } from '@jest/globals';
import { CROSS_TENANT_ROLES, ROLE_IDS, ROLE_SCOPES, roleAndAbove, type RoleId } from '../../../policies/roles.js';
import { verifyCell } from './cell-checks.js';
import { crossTenantRoles, document004Tests, table004 } from './document-004-cells.js';
import { listedPairs } from './listed-conflicts.js';

/**
 * Document 004 read from its text: the roles, the core operations and the resource rules. 004 decides where
 * document 003 has no column for a role; elsewhere 003 overrules it, and each cell the product answers
 * otherwise is listed in policies/matrix-conflicts.md with the product's exact answer.
 */
const listed = listedPairs();

test('the eleven roles and their scopes are those of the System Roles Overview', () => {
  const overview = table004('System Roles Overview');
  expect(overview.rows.map((r) => r.name).sort()).toEqual([...ROLE_IDS].sort());
  for (const row of overview.rows) expect([row.name, row.cells.Scope.replace(' (Read-only)', '').toLowerCase()]).toEqual([row.name, ROLE_SCOPES[row.name as RoleId]]);
});

test('cross-tenant access is allowed exactly to the roles the Security Model names', () => {
  expect(crossTenantRoles()).toEqual([...CROSS_TENANT_ROLES]);
});

const tests = document004Tests();
for (const group of [...new Set(tests.map((t) => t.group))]) {
  describe(group, () => {
    for (const t of tests.filter((x) => x.group === group)) {
      test(t.name, () => {
        for (const cell of t.cells) verifyCell(cell, listed);
      });
    }
  });
}

test('project-manager+ reaches project-manager, the tenant operators and admins, and system-admin', () => {
  expect(roleAndAbove('project-manager')).toEqual(['system-admin', 'platform-operator', 'tenant-admin', 'tenant-operator', 'project-manager']);
});
