import { describe, expect, test } from '@jest/globals';
import { ACTION_IDS } from '../../../policies/actions.js';
import { decide, type DecisionContext } from '../../../policies/decide.js';
import { CROSS_TENANT_ROLES, ROLE_IDS } from '../../../policies/roles.js';
import { BASE } from './cell-checks.js';

const ask = (role: string, action: (typeof ACTION_IDS)[number], over: Partial<DecisionContext> = {}) =>
  decide({ roles: [role], action, context: { ...BASE, ...over }, now: new Date(0) });

describe('escalation attempts are refused', () => {
  test.each(['kaniko', 'paketo', 'packer'] as const)('a developer asking for a %s build', (method) => {
    for (const action of ['create-build', 'create-build-config', 'clone-build-config', 'edit-build-config', 'retry-build'] as const) {
      const d = ask('developer', action, { method });
      expect(d).toMatchObject({ effect: 'deny', reason: expect.stringContaining(`developer may not`) });
      expect(d.source).toMatch(/^document 003, Build Method Availability By Role: /);
      expect(d.effect === 'deny' && d.allowedBy).not.toContain('developer');
    }
    expect(ask('member', 'create-build', { method }).effect).toBe('deny');
  });

  test('a developer may still build with dockerfile and buildx', () => {
    expect(ask('developer', 'create-build', { method: 'dockerfile' }).effect).toBe('allow');
    expect(ask('developer', 'create-build', { method: 'buildx' }).effect).toBe('allow');
  });

  test('a tenant-A admin acting on tenant B, whatever the action', () => {
    for (const action of ACTION_IDS) {
      expect(ask('tenant-admin', action, { subjectTenant: 'tenant-a', resourceTenant: 'tenant-b' })).toMatchObject({
        effect: 'deny',
        source: 'document 004, Security Model: Cross-Tenant Access',
        reason: expect.stringContaining("tenant-admin may not act on another tenant's resources"),
      });
      expect(ask('owner', action, { resourceTenant: 'tenant-b' }).effect).toBe('deny');
    }
  });

  test('no role but system-admin, security-admin and global-auditor ever reaches another tenant', () => {
    for (const role of ROLE_IDS.filter((r) => !CROSS_TENANT_ROLES.includes(r))) {
      for (const action of ACTION_IDS) expect([role, action, ask(role, action, { resourceTenant: 'tenant-b', assigned: false }).effect]).toEqual([role, action, 'deny']);
    }
    expect(ask('global-auditor', 'export-audit-logs', { resourceTenant: 'tenant-b', assigned: false }).effect).toBe('allow');
    expect(ask('security-admin', 'approve-image', { resourceTenant: 'tenant-b', assigned: false }).effect).toBe('allow');
  });

  test('a viewer cannot build, with any method', () => {
    for (const method of [undefined, 'dockerfile', 'buildx', 'kaniko', 'paketo', 'packer'] as const) {
      expect(ask('viewer', 'create-build', { method })).toMatchObject({ effect: 'deny', reason: expect.stringMatching(/^viewer may not create a build/) });
    }
  });

  test('approving is not for the author roles: build-engineer and developer cannot approve or release', () => {
    for (const role of ['build-engineer', 'developer', 'viewer', 'tenant-operator']) {
      expect(ask(role, 'approve-build').effect).toBe('deny');
      expect(ask(role, 'approve-image').effect).toBe('deny');
    }
  });
});
