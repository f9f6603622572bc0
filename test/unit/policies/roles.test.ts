import { describe, expect, test } from '@jest/globals';
import {
  CROSS_TENANT_ROLES, ROLE_ALIASES, ROLE_IDS, ROLE_SCOPES, inheritedRoles, normalizeRole, roleAndAbove,
} from '../../../policies/roles.js';

describe('roles', () => {
  test('eleven roles, widest first, with their scopes', () => {
    expect(ROLE_IDS.map((r) => `${r}:${ROLE_SCOPES[r]}`)).toEqual([
      'system-admin:global', 'security-admin:global', 'platform-operator:global', 'global-auditor:global',
      'tenant-admin:tenant', 'tenant-operator:tenant', 'security-reviewer:tenant',
      'project-manager:project', 'build-engineer:project', 'developer:project', 'viewer:project',
    ]);
  });

  test('aliases of documents 000 and 002', () => {
    expect(ROLE_ALIASES).toEqual({ owner: 'tenant-admin', admin: 'tenant-admin', operator: 'tenant-operator', member: 'developer' });
  });

  test.each([
    ['developer', 'developer'],
    ['  Build-Engineer ', 'build-engineer'],
    ['owner', 'tenant-admin'],
    ['Admin', 'tenant-admin'],
    ['operator', 'tenant-operator'],
    ['member', 'developer'],
    ['devloper', undefined],
    ['project-member', undefined],
    ['toString', undefined],
    ['', undefined],
  ])('normalizeRole(%j) is %j', (name, id) => {
    expect(normalizeRole(name)).toBe(id);
  });

  test('inheritance runs from system to tenant to project roles', () => {
    const rank = { global: 0, tenant: 1, project: 2 };
    for (const role of ROLE_IDS) for (const below of inheritedRoles(role)) expect(rank[ROLE_SCOPES[below]]).toBeGreaterThanOrEqual(rank[ROLE_SCOPES[role]]);
    expect(inheritedRoles('system-admin')).toEqual(ROLE_IDS.filter((r) => r !== 'system-admin'));
    expect(inheritedRoles('tenant-admin')).toEqual(['tenant-operator', 'security-reviewer', 'project-manager', 'build-engineer', 'developer', 'viewer']);
    expect(inheritedRoles('viewer')).toEqual([]);
  });

  test.each([
    ['viewer', ROLE_IDS],
    ['developer', ['system-admin', 'platform-operator', 'tenant-admin', 'tenant-operator', 'project-manager', 'build-engineer', 'developer']],
    ['build-engineer', ['system-admin', 'platform-operator', 'tenant-admin', 'tenant-operator', 'project-manager', 'build-engineer']],
    ['tenant-operator', ['system-admin', 'platform-operator', 'tenant-admin', 'tenant-operator']],
    ['tenant-admin', ['system-admin', 'tenant-admin']],
    ['security-reviewer', ['system-admin', 'security-admin', 'tenant-admin', 'security-reviewer']],
    ['system-admin', ['system-admin']],
  ] as const)('%s+ is %j', (role, expected) => {
    expect(roleAndAbove(role)).toEqual(expected);
  });

  test('cross-tenant roles', () => {
    expect(CROSS_TENANT_ROLES).toEqual(['system-admin', 'security-admin', 'global-auditor']);
  });
});
