import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { refreshMapping } from '../../../roles/refresh-mapping.js';
import { bufferIo } from '../../../cli/io.js';
import { buildProgram } from '../../../cli/main.js';
import { runWhois } from '../../../cli/commands/whois.js';
import { runDatabaseUrl } from '../db/db-fixtures.js';
import { addOrg, startWorld, yaml, type RolesWorld } from './roles-fixture.js';

let w: RolesWorld;
let o: Awaited<ReturnType<typeof addOrg>>;
let env: Record<string, string>;
let accepted: string;
let refused: string;

beforeAll(async () => {
  w = await startWorld();
  o = await addOrg(w, 'who');
  env = { DATABASE_URL: runDatabaseUrl(), GITHUB_API_URL: w.gh.url, GITHUB_TOKEN: 'cli-token', IMAGEFACTORY_SYSTEM_ROLES: 'Alice=global-auditor' };
  w.gh.setOrgMember(o.org, 'olivia', 'admin');
  w.gh.setTeam(o.org, 'leads', ['alice']);
  accepted = (await o.pushTenantYml('olivia', yaml('version: 1', 'roles:', `  admin: ["@${o.org}/leads"]`))).sha;
  refused = (await o.pushTenantYml('mallory', yaml('version: 1', 'roles:', `  admin: ["@${o.org}/leads", mallory]`))).sha;
  const source = o.addProject('api');
  w.gh.setPermission(`${o.org}/api`, 'olivia', 'admin');
  w.gh.commit(`${o.org}/api`, 'main', { author: 'olivia', files: { '.imagefactory.yml': yaml('version: 1', 'images: { api: { method: dockerfile } }', 'roles: { build-engineer: [alice] }') } });
  await refreshMapping(w.deps, { tenantId: o.tenantId, source });
});
afterAll(async () => w.close());

describe('imagefactory whois LOGIN --repo OWNER/NAME', () => {
  it('prints each role with where it came from, the mappings in force, and a refused latest change', async () => {
    const io = bufferIo();
    expect(await runWhois({ login: 'alice', repo: `${o.org}/api` }, io, env)).toBe(0);
    expect(io.stdout).toContain(`alice in ${o.org}/api (tenant ${o.tenantId}): global-auditor, tenant-admin, build-engineer\n`);
    expect(io.stdout).toContain('  global-auditor  app configuration IMAGEFACTORY_SYSTEM_ROLES ← alice  [every tenant]\n');
    expect(io.stdout).toContain(`  tenant-admin    tenant.yml roles.admin (alias) ← @${o.org}/leads  [the whole tenant]\n`);
    expect(io.stdout).toContain('  build-engineer  .imagefactory.yml roles.build-engineer ← alice  [this project]\n');
    expect(io.stdout).toContain(`member of: @${o.org}/leads\n`);
    expect(io.stdout).toContain(`  tenant.yml (${o.org}/.imagefactory): commit ${accepted.slice(0, 7)}, accepted from olivia at `);
    expect(io.stdout).toMatch(new RegExp(`    latest change REFUSED: commit ${refused.slice(0, 7)} by mallory at \\S+: this commit changes roles:; under the mapping in force`));
    expect(w.gh.requestsTo(`/repos/${o.org}/api`).at(-1)?.authorization).toBe('token cli-token');
  });

  it('json: the same facts; someone unnamed holds nothing (exit 0)', async () => {
    const io = bufferIo();
    expect(await runWhois({ login: 'mallory', repo: `${o.org}/api`, format: 'json' }, io, env)).toBe(0);
    const report = JSON.parse(io.stdout);
    expect(report).toMatchObject({ login: 'mallory', tenantId: o.tenantId, roles: [], grants: [], assigned: false });
    expect(report.mappings).toEqual([
      expect.objectContaining({ file: 'tenant.yml', inForce: expect.objectContaining({ commit: accepted, acceptedBy: 'olivia' }), latestChangeRefused: expect.objectContaining({ commit: refused, author: 'mallory' }) }),
      expect.objectContaining({ file: '.imagefactory.yml', latestChangeRefused: null }),
    ]);
    const text = bufferIo();
    await runWhois({ login: 'mallory', repo: `${o.org}/api` }, text, env);
    expect(text.stdout.split('\n')[0]).toBe(`mallory holds no role in ${o.org}/api (tenant ${o.tenantId}).`);
  });

  it('bad arguments exit 2; an unknown repository exits 1; --help explains', async () => {
    const io = bufferIo();
    expect(await runWhois({ login: 'alice' }, io, env)).toBe(2);
    expect(await runWhois({ login: 'not a login', repo: 'a/b' }, io, env)).toBe(2);
    expect(await runWhois({ login: 'alice', repo: `${o.org}/nope` }, io, env)).toBe(1);
    expect(io.stderr).toContain(`imagefactory whois: ${o.org}/nope not found at ${w.gh.url}`);
    const help = bufferIo();
    await expect((await buildProgram(help)).parseAsync(['node', 'imagefactory', 'whois', '--help'])).rejects.toThrow();
    expect(help.stdout).toContain('Only the mappings in force count: the ones accepted from the default branch');
  });
});
