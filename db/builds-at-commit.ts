import { and, asc, eq } from 'drizzle-orm';
import type { Database } from './database.js';
import { builds, type Build } from './schema/builds.js';
import { projects } from './schema/projects.js';
import { withTenant } from './with-tenant.js';

/** The builds of a repository at one commit (one per image), by image name: what a pull-request command acts on. */
export async function buildsAtCommit(db: Database, tenantId: string, repository: string, sha: string): Promise<Build[]> {
  const rows = await withTenant(db, tenantId, (tx) =>
    tx
      .select({ build: builds })
      .from(builds)
      .innerJoin(projects, and(eq(projects.tenantId, builds.tenantId), eq(projects.id, builds.projectId)))
      .where(and(eq(projects.repository, repository), eq(builds.commitSha, sha)))
      .orderBy(asc(builds.image)),
  );
  return rows.map((r) => r.build);
}
