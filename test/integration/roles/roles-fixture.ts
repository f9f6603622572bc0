import { randomInt } from 'node:crypto';
import { and, eq } from 'drizzle-orm';
import { createGitHubClient } from '../../../github/github-client.js';
import { TeamMemberships } from '../../../github/team-membership.js';
import type { RoleDeps } from '../../../roles/grants-under.js';
import { projectMappingSource, tenantMappingSource } from '../../../roles/mapping-source.js';
import { refreshMapping } from '../../../roles/refresh-mapping.js';
import type { PushedBy } from '../../../roles/change-author.js';
import { ensureTenant } from '../../../db/ensure-tenant.js';
import { auditEvents } from '../../../db/schema/audit-events.js';
import { roleMappings } from '../../../db/schema/role-mappings.js';
import { withTenant } from '../../../db/with-tenant.js';
import { startGitHubDouble, type GitHubDouble } from '../../helpers/github-double.js';
import { connect, type TestDb } from '../db/db-fixtures.js';

/** A GitHub double, the run's database, and role resolution wired to both. */
export interface RolesWorld {
  gh: GitHubDouble;
  t: TestDb;
  deps: RoleDeps;
  close(): Promise<void>;
}

export async function startWorld(systemRoles: Record<string, string[]> = {}): Promise<RolesWorld> {
  const gh = await startGitHubDouble();
  const t = connect();
  const github = createGitHubClient({ baseUrl: gh.url, token: 'test-token' });
  const deps: RoleDeps = { db: t.db, github, teams: new TeamMemberships(github), systemRoles };
  return { gh, t, deps, close: async () => Promise.all([gh.close(), t.close()]).then(() => undefined) };
}

/** YAML text from lines. */
export const yaml = (...lines: string[]) => `${lines.join('\n')}\n`;

/** An organization with a unique name and account id, its `.imagefactory` repository and its tenant row. */
export async function addOrg(world: RolesWorld, label: string, ownerType: 'Organization' | 'User' = 'Organization') {
  const ownerId = randomInt(1_000_000, 2_000_000_000);
  const org = `${label}-${ownerId.toString(36)}`;
  world.gh.addRepository({ fullName: `${org}/.imagefactory`, ownerId, ownerType });
  const tenantId = `github:${ownerId}`;
  await ensureTenant(world.t.db, { id: tenantId, name: org });
  const tenantSource = tenantMappingSource(org);
  return {
    org,
    ownerId,
    tenantId,
    tenantSource,
    addProject(name: string) {
      world.gh.addRepository({ fullName: `${org}/${name}`, ownerId, ownerType });
      return projectMappingSource({ owner: org, repo: name });
    },
    /** Commits tenant.yml on the default branch and refreshes the tenant mapping as the push event would. */
    async pushTenantYml(pusher: string, text: string | null, opts: { asPush?: boolean } = {}) {
      const sha = world.gh.commit(`${org}/.imagefactory`, 'main', { author: pusher, files: { 'tenant.yml': text } });
      const pushedBy: PushedBy | undefined = opts.asPush === false ? undefined : { login: pusher, commits: [sha] };
      return { sha, result: await refreshMapping(world.deps, { tenantId, source: tenantSource, pushedBy }) };
    },
  };
}

/** The mapping row in force for a source, read behind the access layer. */
export async function rowOf(world: RolesWorld, tenantId: string, source: string) {
  return withTenant(world.t.db, tenantId, async (tx) => (await tx.select().from(roleMappings).where(eq(roleMappings.source, source)))[0]);
}

/** The tenant's audit events of one action. */
export async function eventsOf(world: RolesWorld, tenantId: string, action: string) {
  return withTenant(world.t.db, tenantId, (tx) => tx.select().from(auditEvents).where(and(eq(auditEvents.tenantId, tenantId), eq(auditEvents.action, action))).orderBy(auditEvents.seq));
}
