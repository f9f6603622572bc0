import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { addOrg, eventsOf, rowOf, startWorld, yaml, type RolesWorld } from './roles-fixture.js';

let w: RolesWorld;
beforeAll(async () => {
  w = await startWorld({ root: ['system-admin'] });
});
afterAll(async () => w.close());

describe('a push to tenant.yml takes effect only when its author may assign roles under the mapping in force', () => {
  it('refuses an operator, keeps the previous mapping and audits roles.refused; accepts the same change by a tenant-admin', async () => {
    const o = await addOrg(w, 'acme');
    w.gh.setOrgMember(o.org, 'olivia', 'admin');
    const first = await o.pushTenantYml('olivia', yaml('version: 1', 'roles:', '  admin: [olivia]', '  operator: [mallory]'));
    expect(first.result).toMatchObject({ outcome: 'accepted', bootstrap: true, author: { login: 'olivia', via: 'push sender' } });

    const escalation = yaml('version: 1', 'roles:', '  admin: [olivia, mallory]', '  operator: [mallory]');
    const refused = await o.pushTenantYml('mallory', escalation);
    expect(refused.result).toMatchObject({ outcome: 'refused', commitSha: refused.sha, inForceCommitSha: first.sha, author: { login: 'mallory' } });
    if (refused.result.outcome !== 'refused') throw new Error('expected a refusal');
    expect(refused.result.reason).toContain('this commit changes roles:; under the mapping in force');
    expect(refused.result.reason).toContain('tenant-operator may not assign roles');
    expect(refused.result.decisionSource).toBe('document 003, Role Management Matrix: Assign Roles');
    expect(refused.result.message).toContain(`the mapping of commit ${first.sha.slice(0, 7)} stays in force`);
    expect(await rowOf(w, o.tenantId, o.tenantSource.id)).toMatchObject({ commitSha: first.sha, acceptedBy: 'olivia' });
    const [event] = await eventsOf(w, o.tenantId, 'roles.refused');
    expect(event).toMatchObject({ actor: 'mallory', decision: 'deny', reason: refused.result.reason, project: `${o.org}/.imagefactory` });
    expect(event.data).toMatchObject({ source: o.tenantSource.id, commit: refused.sha, in_force: first.sha, decision_source: 'document 003, Role Management Matrix: Assign Roles' });

    // Refreshing again (any later event) changes nothing and audits nothing twice.
    const { refreshMapping } = await import('../../../roles/refresh-mapping.js');
    expect(await refreshMapping(w.deps, { tenantId: o.tenantId, source: o.tenantSource })).toMatchObject({ outcome: 'refused' });
    expect(await eventsOf(w, o.tenantId, 'roles.refused')).toHaveLength(1);

    // An unrelated push by the tenant-admin does not lend them to mallory's change.
    const unrelated = w.gh.commit(`${o.org}/.imagefactory`, 'main', { author: 'olivia', files: { 'README.md': 'hello' } });
    const again = await refreshMapping(w.deps, { tenantId: o.tenantId, source: o.tenantSource, pushedBy: { login: 'olivia', commits: [unrelated] } });
    expect(again).toMatchObject({ outcome: 'refused', author: { login: 'mallory', via: 'commit author' } });

    const accepted = await o.pushTenantYml('olivia', escalation);
    expect(accepted.result).toMatchObject({ outcome: 'accepted', bootstrap: false, previousCommitSha: first.sha });
    expect(await rowOf(w, o.tenantId, o.tenantSource.id)).toMatchObject({ commitSha: accepted.sha, acceptedBy: 'olivia', content: { roles: { admin: ['olivia', 'mallory'] } } });
    const [acceptedEvent] = (await eventsOf(w, o.tenantId, 'roles.accepted')).slice(-1);
    expect(acceptedEvent.reason).toContain('assign-roles as tenant-admin (tenant.yml roles.admin (alias) ← olivia;');
  });

  it('the same content at a new commit needs no check; quotas are for system-admin only; an invalid file is refused with its problems', async () => {
    const o = await addOrg(w, 'quota');
    const first = await o.pushTenantYml('root', yaml('version: 1', 'roles: { admin: [ann] }'));
    expect(first.result).toMatchObject({ outcome: 'accepted', bootstrap: true, allowedAs: [expect.stringContaining('as system-admin (app configuration IMAGEFACTORY_SYSTEM_ROLES ← root;')] });
    expect((await o.pushTenantYml('eve', yaml('# reformatted', 'version: 1', 'roles:', '  admin: [ann]'))).result).toMatchObject({ outcome: 'unchanged', commitSha: first.sha });

    const quota = await o.pushTenantYml('ann', yaml('version: 1', 'roles: { admin: [ann] }', 'quotas: { concurrent_builds: 99 }'));
    expect(quota.result).toMatchObject({ outcome: 'refused', decisionSource: 'document 003, Tenant Management Matrix: Manage Quotas' });

    const invalid = await o.pushTenantYml('ann', yaml('version: 1', 'roles: { admin: [ann], system-admin: [ann] }'));
    expect(invalid.result).toMatchObject({ outcome: 'refused', inForceCommitSha: first.sha, problems: [expect.objectContaining({ line: 2, col: 24, path: 'roles.system-admin' })] });
    const [event] = (await eventsOf(w, o.tenantId, 'roles.refused')).slice(-1);
    expect(event.data).toMatchObject({ problems: ["tenant.yml:2:24: system-admin is a system role: system roles come from the app's configuration, not from a repository (at roles.system-admin)"] });
    expect(await rowOf(w, o.tenantId, o.tenantSource.id)).toMatchObject({ commitSha: first.sha });
  });
});
