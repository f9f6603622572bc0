import { describe, expect, it } from '@jest/globals';
import { changeAuthor } from '../../../roles/change-author.js';
import { requiredActions, sameContent } from '../../../roles/mapping-change.js';
import { projectMappingSource, tenantMappingSource } from '../../../roles/mapping-source.js';
import { parseProjectRoles } from '../../../roles/parse-project-roles.js';

const tenant = tenantMappingSource('Acme');
const project = projectMappingSource({ owner: 'Acme', repo: 'API' });

describe('mapping sources', () => {
  it('are keyed in lower case, as docs/data-model.md names them', () => {
    expect(tenant).toMatchObject({ id: 'acme/.imagefactory:tenant.yml', label: 'tenant.yml', files: ['tenant.yml'] });
    expect(project).toMatchObject({ id: 'acme/api:.imagefactory.yml', label: '.imagefactory.yml', files: ['.imagefactory.yml', '.imagefactory.yaml'] });
  });
});

describe('requiredActions: what the author of a change must be allowed to do', () => {
  it("tenant.yml: each changed section's operation of document 003", () => {
    const before = { version: 1, roles: { admin: ['ann'] }, quotas: { builds_per_day: 10 } };
    expect(requiredActions(tenant, before, { ...before })).toEqual([]);
    expect(requiredActions(tenant, before, { ...before, roles: { admin: ['ann', 'bob'] } })).toEqual([{ action: 'assign-roles', because: 'changes roles:' }]);
    expect(requiredActions(tenant, before, { version: 1, roles: before.roles, build_methods: ['kaniko'], policies: { scan: {} } }).map((r) => r.action)).toEqual([
      'manage-quotas',
      'tool-availability-tenant',
      'set-security-policy',
    ]);
    expect(requiredActions(tenant, undefined, { version: 1 })).toEqual([{ action: 'assign-roles', because: 'changes tenant.yml' }]);
  });

  it("a project's roles: Manage Project Members (a manifest maps project roles only)", () => {
    const before = { roles: { developer: ['dev'] } };
    expect(requiredActions(project, before, { roles: { developer: ['dev', 'dan'] } })).toEqual([{ action: 'manage-project-members', because: 'changes roles:' }]);
    expect(requiredActions(project, before, undefined)).toEqual([{ action: 'manage-project-members', because: 'changes roles:' }]);
  });

  it('compares content, not formatting: key order does not count', () => {
    expect(sameContent({ a: 1, b: [1, 2] }, { b: [1, 2], a: 1 })).toBe(true);
    expect(sameContent({ b: [2, 1] }, { b: [1, 2] })).toBe(false);
    expect(sameContent(undefined, undefined)).toBe(true);
  });
});

describe('changeAuthor', () => {
  const commit = { sha: 'c1', authorLogin: 'dev' };
  it('the push sender when the push brought the commit; else the commit author, the weaker signal', () => {
    expect(changeAuthor(commit, { login: 'lead', commits: ['c0', 'c1'] })).toEqual({ login: 'lead', via: 'push sender' });
    expect(changeAuthor(commit, { login: 'lead', commits: ['c2'] })).toEqual({ login: 'dev', via: 'commit author' });
    expect(changeAuthor(commit, undefined)).toEqual({ login: 'dev', via: 'commit author' });
    expect(changeAuthor({ sha: 'c1', authorLogin: undefined }, undefined)).toBeUndefined();
    expect(changeAuthor(undefined, { login: 'lead', commits: [] })).toEqual({ login: 'lead', via: 'push sender' });
  });
});

describe("parseProjectRoles: a manifest's roles: alone", () => {
  it('reads roles: whatever else is wrong; reports only the mistakes in roles:, at their position', () => {
    expect(parseProjectRoles('version: 7\nimages: nonsense\nroles:\n  developer: [dev]\n', '.imagefactory.yml')).toEqual({ ok: true, value: { developer: ['dev'] } });
    expect(parseProjectRoles('images: {}\n', 'f')).toEqual({ ok: true, value: undefined });
    expect(parseProjectRoles('# only a comment\n', 'f')).toEqual({ ok: true, value: undefined });
    const bad = parseProjectRoles('roles:\n  security-admin: [eve]\n  viewer: ["not a login"]\n', 'f');
    expect(bad.ok ? [] : bad.problems.map((p) => `${p.line}:${p.col} ${p.message}`)).toEqual([
      "2:3 security-admin is a system role: system roles come from the app's configuration, not from a repository",
      '3:12 "not a login" is not valid: a role member is a GitHub login or @org/team',
    ]);
  });
});
