import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { effectiveRoles } from '../../../roles/effective-roles.js';
import { decide } from '../../../policies/decide.js';
import { addOrg, rowOf, startWorld, yaml, type RolesWorld } from './roles-fixture.js';

let w: RolesWorld;
beforeAll(async () => {
  w = await startWorld({ gwen: ['global-auditor'] });
});
afterAll(async () => w.close());

describe('tenant isolation of role mappings', () => {
  it("a tenant-A admin holds no role in tenant B's repository and cannot change B's tenant.yml", async () => {
    const a = await addOrg(w, 'tenant-a');
    const b = await addOrg(w, 'tenant-b');
    w.gh.setOrgMember(a.org, 'alice', 'admin');
    w.gh.setOrgMember(b.org, 'bob', 'admin');
    await a.pushTenantYml('alice', yaml('version: 1', 'roles: { admin: [alice] }'));
    const bFirst = await b.pushTenantYml('bob', yaml('version: 1', 'roles: { admin: [bob] }'));
    b.addProject('api');

    const inA = await effectiveRoles(w.deps, { tenantId: a.tenantId, repository: { owner: a.org, repo: 'api' }, login: 'alice' });
    expect(inA.roles).toEqual(['tenant-admin']);
    const inB = await effectiveRoles(w.deps, { tenantId: b.tenantId, repository: { owner: b.org, repo: 'api' }, login: 'alice' });
    expect(inB).toMatchObject({ grants: [], roles: [], mappings: { tenant: expect.objectContaining({ acceptedBy: 'bob' }) } });
    const decision = decide({ roles: inB.roles, action: 'create-build', context: { subjectTenant: b.tenantId, resourceTenant: b.tenantId, assigned: inB.assigned, subjectLogin: 'alice' }, now: new Date() });
    expect(decision).toMatchObject({ effect: 'deny', reason: expect.stringContaining('you hold no role here') });

    const attempt = await b.pushTenantYml('alice', yaml('version: 1', 'roles: { admin: [bob, alice] }'));
    expect(attempt.result).toMatchObject({ outcome: 'refused', inForceCommitSha: bFirst.sha });
    expect(await rowOf(w, b.tenantId, b.tenantSource.id)).toMatchObject({ commitSha: bFirst.sha });
  });

  it('system roles from the configuration hold in every tenant', async () => {
    const c = await addOrg(w, 'tenant-c');
    const roles = await effectiveRoles(w.deps, { tenantId: c.tenantId, repository: { owner: c.org, repo: 'api' }, login: 'Gwen' });
    expect(roles.grants).toEqual([{ role: 'global-auditor', via: 'app configuration IMAGEFACTORY_SYSTEM_ROLES ← gwen', scope: 'global' }]);
  });
});
