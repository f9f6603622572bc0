import { describe, expect, test } from '@jest/globals';
import { allow, deny, when } from '../../../policies/cells.js';
import { decide, type DecisionContext } from '../../../policies/decide.js';
import { buildMatrix, MATRIX } from '../../../policies/effective-matrix.js';
import { DOCUMENT_003_ROWS, type MatrixRow } from '../../../policies/matrix/index.js';
import { BASE } from './cell-checks.js';

/**
 * The precedence: document 003 decides wherever it has a cell (the more restrictive of its two tables where
 * both hold the operation); 004 where 003 has no column for the role (inheritance and resource rules); 000
 * and 002 only where both are silent. 004's Security Model decides which tenants a role reaches at all.
 */
const ask = (role: string, action: Parameters<typeof decide>[0]['action'], over: Partial<DecisionContext> = {}) =>
  decide({ roles: [role], action, context: { ...BASE, ...over }, now: new Date(0) });

describe('document 003 decides wherever it has a cell', () => {
  test.each(['cancel-build', 'edit-build'] as const)('a developer may %s their own builds in their projects (003 ⚠️ Own, over 000 and 004)', (action) => {
    expect(ask('developer', action)).toEqual({ effect: 'allow', role: 'developer', source: `document 003, Build Operations Matrix: ${action === 'cancel-build' ? 'Cancel Build' : 'Edit Build'}` });
    expect(ask('developer', action, { resourceAuthor: 'bob' })).toMatchObject({ effect: 'deny', reason: expect.stringContaining('only if they authored it') });
    expect(ask('developer', action, { assigned: false })).toMatchObject({ effect: 'deny', reason: expect.stringContaining('only in projects they are assigned to') });
    expect(MATRIX[action].developer.cell).toEqual(when('assigned', 'own'));
  });

  test("a tenant-admin may edit their tenant (003 ✅, over 004's system-admin), not another", () => {
    expect(ask('tenant-admin', 'edit-tenant')).toEqual({ effect: 'allow', role: 'tenant-admin', source: 'document 003, Tenant Management Matrix: Edit Tenant' });
    expect(ask('tenant-admin', 'edit-tenant', { resourceTenant: 'tenant-b' }).source).toBe('document 004, Security Model: Cross-Tenant Access');
  });

  test("a tenant-operator may manage the members of their projects (003 ✅, over 002's ❌)", () => {
    expect(ask('tenant-operator', 'manage-project-members')).toEqual({ effect: 'allow', role: 'tenant-operator', source: 'document 003, Project Scope Operations Matrix: Manage Project Members' });
    expect(ask('operator', 'manage-project-members', { assigned: false }).effect).toBe('deny');
  });

  test.each(['developer', 'tenant-operator'])("a %s may view their tenant's details (003 ✅, over 002's ❌)", (role) => {
    expect(ask(role, 'view-tenant-details')).toEqual({ effect: 'allow', role, source: 'document 003, Tenant Management Matrix: View Tenant Details' });
    expect(ask(role, 'view-tenant-details', { resourceTenant: 'tenant-b', assigned: false }).effect).toBe('deny');
  });

  test('where 003 refuses, 004 does not widen it: tenant-operators delete no builds (003 ❌ over project-manager+)', () => {
    expect(ask('tenant-operator', 'delete-build')).toMatchObject({ effect: 'deny', source: 'document 003, Build Operations Matrix: Delete Build' });
    expect(ask('project-manager', 'delete-build').effect).toBe('allow');
  });

  test("where 003's two tables disagree, the more restrictive stands", () => {
    expect(ask('tenant-operator', 'delete-project')).toMatchObject({ effect: 'deny', source: 'document 003, Project Scope Operations Matrix: Delete Project' });
    expect(ask('build-engineer', 'view-projects', { assigned: false }).effect).toBe('deny');
  });
});

test('documents 000 and 002 decide no cell of the matrix today, as matrix-conflicts.md says (rule 1)', () => {
  const decidedBy = Object.values(MATRIX).flatMap((roles) => Object.values(roles).map((c) => c.source.document));
  expect(new Set(decidedBy)).toEqual(new Set(['003', '004']));
});

describe('the order of the documents, on rows made up for one operation', () => {
  const action = 'view-tenant-details';
  const row = (document: MatrixRow['source']['document'], cells: MatrixRow['cells']): MatrixRow => ({ actions: [action], source: { document, table: `T${document}`, row: 'R' }, cells });
  const matrix = buildMatrix(
    [...DOCUMENT_003_ROWS.filter((r) => !r.actions.includes(action)), row('003', { 'system-admin': allow, 'tenant-operator': when('assigned') })],
    [
      row('004', { 'system-admin': deny, 'tenant-operator': deny, 'build-engineer': allow }),
      row('000', { 'system-admin': deny, 'build-engineer': deny, 'security-reviewer': deny, viewer: allow }),
      row('002', { viewer: allow, 'tenant-operator': deny }),
    ],
  )[action];

  test('003 over 004, 000 and 002', () => {
    expect(matrix['system-admin']).toEqual({ cell: allow, source: { document: '003', table: 'T003', row: 'R' } });
    expect(matrix['tenant-operator']).toEqual({ cell: when('assigned'), source: { document: '003', table: 'T003', row: 'R' } });
  });

  test("004 where 003 is silent: its rule, and inheritance over 000's cell", () => {
    expect(matrix['build-engineer']).toMatchObject({ cell: when('assigned'), source: { document: '004' } });
    expect(matrix['security-reviewer']).toMatchObject({ cell: allow, inheritedFrom: 'viewer' });
  });

  test('000 and 002 where both are silent, read as the roles reach (viewer: assigned projects)', () => {
    expect(matrix.viewer).toEqual({ cell: when('assigned'), source: { document: '000', table: 'T000', row: 'R' } });
  });
});
