import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { refreshMapping } from '../../../roles/refresh-mapping.js';
import { addOrg, eventsOf, rowOf, startWorld, yaml, type RolesWorld } from './roles-fixture.js';

let w: RolesWorld;
beforeAll(async () => {
  w = await startWorld();
});
afterAll(async () => w.close());

const tenantYml = (admin: string) => yaml('version: 1', 'roles:', `  tenant-admin: [${admin}]`);

describe('bootstrap: the first mapping of a source', () => {
  it('a first tenant.yml by a mere member is refused; by an organization owner accepted', async () => {
    const o = await addOrg(w, 'boot');
    w.gh.setOrgMember(o.org, 'mel', 'member');
    w.gh.setOrgMember(o.org, 'owen', 'admin');
    const byMember = await o.pushTenantYml('mel', tenantYml('mel'));
    expect(byMember.result).toMatchObject({ outcome: 'refused', inForceCommitSha: undefined });
    expect(byMember.result.outcome === 'refused' && byMember.result.reason).toContain('with no mapping in force (bootstrap rule), you hold no role here');
    expect(await rowOf(w, o.tenantId, o.tenantSource.id)).toBeUndefined();
    expect(await eventsOf(w, o.tenantId, 'roles.refused')).toHaveLength(1);

    const byOwner = await o.pushTenantYml('owen', tenantYml('owen'));
    expect(byOwner.result).toMatchObject({ outcome: 'accepted', bootstrap: true, allowedAs: [expect.stringContaining(`GitHub: owner of organization ${o.org} (bootstrap`)] });
    expect(await rowOf(w, o.tenantId, o.tenantSource.id)).toMatchObject({ commitSha: byOwner.sha, acceptedBy: 'owen' });
    // Once a mapping is in force, being an organization owner is no longer enough on its own.
    w.gh.setOrgMember(o.org, 'oscar', 'admin');
    expect((await o.pushTenantYml('oscar', tenantYml('oscar'))).result).toMatchObject({ outcome: 'refused' });
  });

  it("a user account's own login bootstraps its tenant.yml; a first project mapping needs a repository admin", async () => {
    const u = await addOrg(w, 'solo', 'User');
    expect((await u.pushTenantYml('someone', tenantYml('someone'))).result).toMatchObject({ outcome: 'refused' });
    expect((await u.pushTenantYml(u.org, tenantYml(u.org))).result).toMatchObject({ outcome: 'accepted', bootstrap: true });

    const o = await addOrg(w, 'first');
    const source = o.addProject('api');
    w.gh.setPermission(`${o.org}/api`, 'wes', 'write');
    w.gh.setPermission(`${o.org}/api`, 'ada', 'admin');
    const push = async (who: string) => {
      const sha = w.gh.commit(`${o.org}/api`, 'main', { author: who, files: { '.imagefactory.yml': yaml('version: 1', 'images: { api: { method: dockerfile } }', `roles: { developer: [${who}] }`) } });
      return refreshMapping(w.deps, { tenantId: o.tenantId, source, pushedBy: { login: who, commits: [sha] } });
    };
    expect(await push('wes')).toMatchObject({ outcome: 'refused' });
    expect(await push('ada')).toMatchObject({ outcome: 'accepted', bootstrap: true });
  });

  it('removing a mapping is a change like any other, and deleting the row needs the same right', async () => {
    const o = await addOrg(w, 'rm');
    w.gh.setOrgMember(o.org, 'owen', 'admin');
    await o.pushTenantYml('owen', tenantYml('owen'));
    expect((await o.pushTenantYml('mallory', null)).result).toMatchObject({ outcome: 'refused' });
    expect(await rowOf(w, o.tenantId, o.tenantSource.id)).toBeDefined();
    expect((await o.pushTenantYml('owen', null)).result).toMatchObject({ outcome: 'accepted', removed: true });
    expect(await rowOf(w, o.tenantId, o.tenantSource.id)).toBeUndefined();
  });
});
