import { describe, expect, it } from '@jest/globals';
import { grantedRoles, isAssigned, referencedTeams, resolveRoles, type RoleResolutionInput } from '../../../policies/resolve-roles.js';

const base: RoleResolutionInput = {
  login: 'Alice',
  teams: [],
  system: { alice: ['system-admin'], bob: ['global-auditor', 'developer'] },
  tenant: { label: 'tenant.yml', roles: { admin: ['@Acme/Leads'], developer: ['@acme/everyone'], 'system-admin': ['carol'] } },
  project: { label: '.imagefactory.yml', roles: { 'build-engineer': ['ALICE', '@acme/platform'], member: ['carol'], viewer: ['dave'] } },
};

describe('resolveRoles', () => {
  it('gives each grant with its source: configuration, then tenant.yml, then the manifest', () => {
    expect(resolveRoles({ ...base, teams: ['@acme/leads'] })).toEqual([
      { role: 'system-admin', via: 'app configuration IMAGEFACTORY_SYSTEM_ROLES ← alice', scope: 'global' },
      { role: 'tenant-admin', via: 'tenant.yml roles.admin (alias) ← @Acme/Leads', scope: 'tenant' },
      { role: 'build-engineer', via: '.imagefactory.yml roles.build-engineer ← ALICE', scope: 'project' },
    ]);
  });

  it('matches logins and team slugs without regard to case, and lists every way a role is held', () => {
    const grants = resolveRoles({ ...base, login: 'dave', teams: ['@ACME/Platform', '@acme/everyone'] });
    expect(grants).toEqual([
      { role: 'developer', via: 'tenant.yml roles.developer ← @acme/everyone', scope: 'tenant' },
      { role: 'build-engineer', via: '.imagefactory.yml roles.build-engineer ← @acme/platform', scope: 'project' },
      { role: 'viewer', via: '.imagefactory.yml roles.viewer ← dave', scope: 'project' },
    ]);
    expect(grantedRoles(grants)).toEqual(['build-engineer', 'developer', 'viewer']);
  });

  it('a system role named in a repository grants nothing; nor does a non-system role in the configuration', () => {
    expect(resolveRoles({ ...base, login: 'carol' })).toEqual([
      { role: 'developer', via: '.imagefactory.yml roles.member (alias) ← carol', scope: 'project' },
    ]);
    expect(resolveRoles({ ...base, login: 'bob' })).toEqual([
      { role: 'global-auditor', via: 'app configuration IMAGEFACTORY_SYSTEM_ROLES ← bob', scope: 'global' },
    ]);
  });

  it('someone no source names holds nothing; a team they are not in gives nothing', () => {
    expect(resolveRoles({ ...base, login: 'mallory', teams: ['@other/leads'] })).toEqual([]);
    expect(resolveRoles({ login: 'alice', teams: [], system: {} })).toEqual([]);
  });
});

describe('isAssigned and referencedTeams', () => {
  it('assigned: named by the project mapping, or holding a project role from tenant.yml', () => {
    expect(isAssigned(resolveRoles({ ...base, login: 'dave' }))).toBe(true);
    expect(isAssigned(resolveRoles({ ...base, login: 'x', teams: ['@acme/everyone'] }))).toBe(true);
    expect(isAssigned(resolveRoles({ ...base, project: undefined, teams: ['@acme/leads'] }))).toBe(false);
  });

  it('lists the teams the mappings name, lower-case, once', () => {
    expect(referencedTeams([base.tenant!.roles, base.project!.roles, undefined])).toEqual(['@acme/leads', '@acme/everyone', '@acme/platform']);
  });
});
