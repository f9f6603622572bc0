import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { effectiveRoles } from '../../../roles/effective-roles.js';
import { refreshMapping } from '../../../roles/refresh-mapping.js';
import { addOrg, startWorld, yaml, type RolesWorld } from './roles-fixture.js';

let w: RolesWorld;
beforeAll(async () => {
  w = await startWorld();
});
afterAll(async () => w.close());

describe('role mappings are read from the default branch only', () => {
  it("a pull request that adds its author to roles: grants nothing, and its head is never read", async () => {
    const o = await addOrg(w, 'pr');
    const source = o.addProject('api');
    const repo = `${o.org}/api`;
    w.gh.setPermission(repo, 'ria', 'admin');
    const main = yaml('version: 1', 'images: { api: { method: dockerfile } }', 'roles:', '  build-engineer: [ria]');
    const base = w.gh.commit(repo, 'main', { author: 'ria', files: { '.imagefactory.yml': main } });
    expect(await refreshMapping(w.deps, { tenantId: o.tenantId, source })).toMatchObject({ outcome: 'accepted', commitSha: base });

    const head = w.gh.commit(repo, 'mallory-patch', { author: 'mallory', files: { '.imagefactory.yml': main.replace('[ria]', '[ria, mallory]') } });
    // What the bot does on the pull_request event: refresh (the default branch has not changed), then resolve.
    w.gh.requests.length = 0;
    expect(await refreshMapping(w.deps, { tenantId: o.tenantId, source, pushedBy: { login: 'mallory', commits: [head] } })).toMatchObject({ outcome: 'unchanged', commitSha: base });
    const roles = await effectiveRoles(w.deps, { tenantId: o.tenantId, repository: { owner: o.org, repo: 'api' }, login: 'mallory' });
    expect(roles).toMatchObject({ grants: [], roles: [], assigned: false });

    const asked = w.gh.requests.map((r) => `${r.path}?${new URLSearchParams(r.query)}`);
    expect(asked).toContain(`/repos/${repo}/commits?path=.imagefactory.yml&sha=main&per_page=1`);
    expect(asked).toContain(`/repos/${repo}/contents/.imagefactory.yml?ref=${base}`);
    expect(asked.filter((a) => a.includes('mallory-patch') || a.includes(head))).toEqual([]);
    expect(w.gh.requests.every((r) => r.authorization === 'token test-token')).toBe(true);
  });
});
