import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { refreshMapping } from '../../../roles/refresh-mapping.js';
import { addOrg, eventsOf, rowOf, startWorld, yaml, type RolesWorld } from './roles-fixture.js';

let w: RolesWorld;
beforeAll(async () => {
  w = await startWorld();
});
afterAll(async () => w.close());

const manifest = (...roleLines: string[]) => yaml('version: 1', 'images:', '  api: { method: dockerfile }', 'roles:', ...roleLines);

describe("a push to a project's roles: (document 003, Manage Project Members)", () => {
  it('by a developer is refused; by a build-engineer accepted; a tenant role in a project is refused whoever writes it', async () => {
    const o = await addOrg(w, 'proj');
    const source = o.addProject('api');
    const repo = `${o.org}/api`;
    w.gh.setTeam(o.org, 'platform', ['bea']);
    w.gh.setPermission(repo, 'ria', 'admin');
    const push = async (who: string, text: string) => {
      const sha = w.gh.commit(repo, 'main', { author: who, files: { '.imagefactory.yml': text } });
      return { sha, result: await refreshMapping(w.deps, { tenantId: o.tenantId, source, pushedBy: { login: who, commits: [sha] } }) };
    };
    const first = await push('ria', manifest(`  build-engineer: ["@${o.org}/platform"]`, '  developer: [dev]'));
    expect(first.result).toMatchObject({ outcome: 'accepted', bootstrap: true, allowedAs: [expect.stringContaining(`as project-manager (GitHub: admin of repository ${repo}`)] });

    const byDeveloper = await push('dev', manifest(`  build-engineer: ["@${o.org}/platform", dev]`, '  developer: [dev]'));
    expect(byDeveloper.result).toMatchObject({ outcome: 'refused', decisionSource: 'document 003, Project Scope Operations Matrix: Manage Project Members' });
    expect(byDeveloper.result.outcome === 'refused' && byDeveloper.result.reason).toContain('developer may not manage project members');
    expect(await rowOf(w, o.tenantId, source.id)).toMatchObject({ commitSha: first.sha });
    expect(await eventsOf(w, o.tenantId, 'roles.refused')).toEqual([expect.objectContaining({ actor: 'dev', project: repo })]);

    const byEngineer = await push('bea', manifest(`  build-engineer: ["@${o.org}/platform"]`, '  developer: [dev, dan]'));
    expect(byEngineer.result).toMatchObject({ outcome: 'accepted', author: { login: 'bea' }, allowedAs: [expect.stringContaining(`manage-project-members as build-engineer (.imagefactory.yml roles.build-engineer ← @${o.org}/platform;`)] });
    expect(await rowOf(w, o.tenantId, source.id)).toMatchObject({ commitSha: byEngineer.sha, acceptedBy: 'bea', content: { roles: { developer: ['dev', 'dan'] } } });

    const tenantRole = await push('bea', manifest(`  build-engineer: ["@${o.org}/platform"]`, '  admin: [bea]'));
    expect(tenantRole.result).toMatchObject({ outcome: 'refused', decisionSource: 'validation of .imagefactory.yml (manifest/imagefactory.schema.json)' });
    expect(tenantRole.result.outcome === 'refused' && tenantRole.result.reason).toContain("admin (tenant-admin) is a tenant role: tenant roles come from tenant.yml");
    expect(await rowOf(w, o.tenantId, source.id)).toMatchObject({ commitSha: byEngineer.sha });
  });

  it('only roles: counts: mistakes elsewhere in the manifest do not refuse the mapping; mistakes in roles: do', async () => {
    const o = await addOrg(w, 'only');
    const source = o.addProject('web');
    w.gh.setPermission(`${o.org}/web`, 'ria', 'admin');
    const commit = (text: string) => w.gh.commit(`${o.org}/web`, 'main', { author: 'ria', files: { '.imagefactory.yml': text } });
    commit(yaml('version: 1', 'images:', '  web: { method: dockerfle }', 'roles:', '  viewer: [carl]'));
    expect(await refreshMapping(w.deps, { tenantId: o.tenantId, source })).toMatchObject({ outcome: 'accepted', author: { login: 'ria', via: 'commit author' } });
    commit(yaml('version: 1', 'images:', '  web: { method: dockerfile }', 'roles:', '  viewer: [carl]', '  developpers: [dan]'));
    expect(await refreshMapping(w.deps, { tenantId: o.tenantId, source })).toMatchObject({
      outcome: 'refused',
      problems: [expect.objectContaining({ file: '.imagefactory.yml', line: 6, col: 3, message: 'unknown role "developpers"; did you mean "developer"?' })],
    });
  });
});
