import { and, eq, type SQL } from 'drizzle-orm';
import type { Database } from './database.js';
import { builds, type Build } from './schema/builds.js';
import { projects } from './schema/projects.js';
import { withTenant } from './with-tenant.js';

/** The builds of one repository of a tenant that meet `where`, in `order`: the reads the App's commands and events make. */
export async function repositoryBuilds(db: Database, tenantId: string, repository: string, where: SQL | undefined, order: SQL): Promise<Build[]> {
  const rows = await withTenant(db, tenantId, (tx) =>
    tx
      .select({ build: builds })
      .from(builds)
      .innerJoin(projects, and(eq(projects.tenantId, builds.tenantId), eq(projects.id, builds.projectId)))
      .where(and(eq(projects.repository, repository), where))
      .orderBy(order),
  );
  return rows.map((r) => r.build);
}
