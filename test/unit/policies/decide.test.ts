import { readdirSync, readFileSync } from 'node:fs';
import { describe, expect, test } from '@jest/globals';
import { decide, type DecisionContext } from '../../../policies/decide.js';
import { BASE } from './cell-checks.js';

const ask = (roles: string[], action: Parameters<typeof decide>[0]['action'], over: Partial<DecisionContext> = {}) =>
  decide({ roles, action, context: { ...BASE, ...over }, now: new Date(0) });

describe('decide', () => {
  test('allow names the role and the rule', () => {
    expect(ask(['viewer', 'developer'], 'create-build')).toEqual({ effect: 'allow', role: 'developer', source: 'document 003, Build Operations Matrix: Create Build' });
  });

  test('an alias is its role; a name that is no role grants nothing', () => {
    expect(ask(['member'], 'create-build')).toMatchObject({ effect: 'allow', role: 'developer' });
    expect(ask(['nobody'], 'view-builds')).toMatchObject({ effect: 'deny', reason: expect.stringMatching(/^you hold no role here, so you may not view builds \(document 003, Build Operations Matrix: View Builds\); allowed for system-admin, /) });
  });

  test('a plain deny says who may', () => {
    expect(ask(['developer', 'viewer'], 'approve-build')).toEqual({
      effect: 'deny',
      reason: 'developer may not approve a build (document 003, Build Operations Matrix: Approve Build); allowed for system-admin, security-admin, tenant-admin, security-reviewer',
      source: 'document 003, Build Operations Matrix: Approve Build',
      allowedBy: ['system-admin', 'security-admin', 'tenant-admin', 'security-reviewer'],
    });
  });

  test.each([
    [['build-engineer'], 'cancel-build', { resourceAuthor: 'bob' }, 'build-engineer may cancel a build only if they authored it (document 003, Build Operations Matrix: Cancel Build); allowed for system-admin, tenant-admin, project-manager'],
    [['viewer'], 'view-projects', { assigned: false }, 'viewer may view projects only in projects they are assigned to (document 003, Project Scope Operations Matrix: View Projects); allowed for system-admin, platform-operator, tenant-admin, tenant-operator'],
    [['developer'], 'create-build', { method: undefined }, 'developer may create a build only with method dockerfile or buildx, and no method was named (document 003, Build Operations Matrix: Create Build); allowed for system-admin, platform-operator, tenant-admin, tenant-operator, project-manager, build-engineer'],
    [['build-engineer'], 'sbom-tool-selection', { toolEnabled: false }, 'build-engineer may choose the SBOM tool only among the tools enabled for the tenant (document 003, Tool Configuration: SBOM Tool Selection); allowed for system-admin, tenant-admin'],
    [['developer'], 'cancel-build', { resourceAuthor: 'bob' }, 'developer may cancel a build only if they authored it (document 003, Build Operations Matrix: Cancel Build); allowed for system-admin, tenant-admin, project-manager'],
    [['project-manager'], 'create-project', {}, 'project-manager may not create a project (document 004, Resource Access Levels, Administration: Projects, Create: tenant-operator+); allowed for system-admin, platform-operator, tenant-admin, tenant-operator'],
    [['viewer'], 'sbom-tool-selection', {}, 'viewer may not choose the SBOM tool (document 003, Tool Configuration: SBOM Tool Selection, which has no column for viewer); allowed for system-admin, platform-operator, tenant-admin, tenant-operator, project-manager, build-engineer, developer'],
  ] as const)('%j %s %j is refused with the condition that failed', (roles, action, over, reason) => {
    expect(ask([...roles], action, over)).toMatchObject({ effect: 'deny', reason });
  });

  test('a role without a column answers as the role it inherits from, and says so', () => {
    expect(ask(['tenant-admin'], 'kaniko-k8s-native')).toEqual({
      effect: 'allow',
      role: 'tenant-admin',
      source: 'document 003, Build Method Availability By Role: Kaniko (K8s-native), as tenant-operator, whose permissions tenant-admin inherits',
    });
  });

  test('authorship is compared without regard to case', () => {
    expect(ask(['developer'], 'edit-build-config', { subjectLogin: 'Alice', resourceAuthor: 'alice' }).effect).toBe('allow');
  });

  test('an unknown action is a fault', () => {
    expect(() => ask(['viewer'], 'fly' as never)).toThrow('decide: unknown action "fly"');
  });

  test('the policies are pure: no Node modules, clocks, environment or files', () => {
    const dir = new URL('../../../policies/', import.meta.url);
    const files = ['roles.ts', 'actions.ts', 'cells.ts', 'decide.ts', 'command-action.ts', 'describe-matrix.ts', 'effective-matrix.ts', ...readdirSync(new URL('matrix/', dir)).map((f) => `matrix/${f}`)];
    for (const file of files) {
      const text = readFileSync(new URL(file, dir), 'utf8');
      expect([file, /from '(node:)?(fs|path|process|os|crypto)'|Date\.now|new Date|process\.|Math\.random/.test(text)]).toEqual([file, false]);
      for (const [, target] of text.matchAll(/from '([^']+)'/g)) expect([file, target.startsWith('./') || target.startsWith('../') ]).toEqual([file, true]);
    }
  });
});
