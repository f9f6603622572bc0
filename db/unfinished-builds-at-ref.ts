import { and, desc, eq, notInArray } from 'drizzle-orm';
import { FINAL_STATUSES } from '../workflows/image-build-types.js';
import type { Database } from './database.js';
import { builds, type Build } from './schema/builds.js';
import { projects } from './schema/projects.js';
import { withTenant } from './with-tenant.js';

/**
 * The builds of a repository started for a ref (a pull request's `refs/pull/<n>/head`) that have not ended
 * as far as the database knows, at every commit, newest first: what a pull request's new head or its
 * closing cancels.
 */
export async function unfinishedBuildsAtRef(db: Database, tenantId: string, repository: string, ref: string): Promise<Build[]> {
  const rows = await withTenant(db, tenantId, (tx) =>
    tx
      .select({ build: builds })
      .from(builds)
      .innerJoin(projects, and(eq(projects.tenantId, builds.tenantId), eq(projects.id, builds.projectId)))
      .where(and(eq(projects.repository, repository), eq(builds.ref, ref), notInArray(builds.status, [...FINAL_STATUSES])))
      .orderBy(desc(builds.createdAt)),
  );
  return rows.map((r) => r.build);
}
