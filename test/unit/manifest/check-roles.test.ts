import { describe, expect, it } from '@jest/globals';
import { unknownRoleProblem } from '../../../manifest/check-roles.js';
import { oneImage, problemLines } from './check-helpers.js';

describe('role names', () => {
  it.each(['developer', 'viewer', 'build-engineer', 'project-manager', 'member'])('maps the project role %s in roles:', (role) => {
    expect(problemLines(oneImage(['method: dockerfile'], ['roles:', `  ${role}: [alice, "@acme/team"]`]))).toEqual([]);
  });

  it.each([
    ['tenant-admin', ''],
    ['tenant-operator', ''],
    ['security-reviewer', ''],
    ['owner', ' (tenant-admin)'],
    ['admin', ' (tenant-admin)'],
    ['operator', ' (tenant-operator)'],
  ])('refuses the tenant role %s in roles: (tenant roles come from tenant.yml)', (role, alias) => {
    expect(problemLines(oneImage(['method: dockerfile'], ['roles:', `  ${role}: [alice]`]))).toEqual([
      `6:3 ${role}${alias} is a tenant role: tenant roles come from tenant.yml in the organization's .imagefactory repository; a manifest maps project roles only (project-manager, build-engineer, developer, viewer) (at roles.${role})`,
    ]);
  });

  it.each(['system-admin', 'security-admin', 'platform-operator', 'global-auditor'])('refuses the system role %s in roles:', (role) => {
    expect(problemLines(oneImage(['method: dockerfile'], ['roles:', `  ${role}: [alice]`]))).toEqual([
      `6:3 ${role} is a system role: system roles come from the app's configuration, not from a repository (at roles.${role})`,
    ]);
  });

  it('names the closest role for a typo, else lists them all', () => {
    expect(unknownRoleProblem('viewr')).toBe('unknown role "viewr"; did you mean "viewer"?');
    expect(unknownRoleProblem('boss')).toBe('unknown role "boss" (roles: system-admin, security-admin, platform-operator, global-auditor, tenant-admin, tenant-operator, security-reviewer, project-manager, build-engineer, developer, viewer; aliases: owner, admin, operator, member)');
  });

  it('refuses role members that are not logins or teams', () => {
    expect(problemLines(oneImage(['method: dockerfile'], ['roles:', '  developer: ["role:viewer", "-bad", "@acme"]']))).toEqual([
      '6:15 "role:viewer" is not valid: a role member is a GitHub login or @org/team (at roles.developer[0])',
      '6:30 "-bad" is not valid: a role member is a GitHub login or @org/team (at roles.developer[1])',
      '6:38 "@acme" is not valid: a role member is a GitHub login or @org/team (at roles.developer[2])',
    ]);
  });
});
