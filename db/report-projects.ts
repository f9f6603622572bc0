import { and, asc, eq, type SQL } from 'drizzle-orm';
import type { Database, Transaction } from './database.js';
import { projects } from './schema/projects.js';
import { withCrossTenantRead, withTenant } from './with-tenant.js';

export interface ReportProject {
  tenantId: string;
  projectId: string;
  repository: string;
}

/**
 * The projects a report could cover, before anyone's rights are weighed (policies/report-scope.ts does
 * that): one tenant's (the App answering in an installation), or every tenant's for the operator's CLI,
 * which holds the database's credentials; `repository` narrows to one `owner/name` (any case).
 */
export async function reportProjects(db: Database, opts: { tenantId?: string; repository?: string }): Promise<ReportProject[]> {
  const where: SQL | undefined = opts.repository === undefined ? undefined : eq(projects.repository, opts.repository);
  const select = (tx: Transaction): Promise<ReportProject[]> =>
    tx.select({ tenantId: projects.tenantId, projectId: projects.id, repository: projects.repository }).from(projects).where(and(where)).orderBy(asc(projects.tenantId), asc(projects.repository));
  const rows = opts.tenantId === undefined ? await withCrossTenantRead(db, select) : await withTenant(db, opts.tenantId, select);
  if (rows.length > 0 || opts.repository === undefined) return rows;
  // GitHub spells a repository in one case; people type it in another.
  const lower = opts.repository.toLowerCase();
  return (await reportProjects(db, { tenantId: opts.tenantId })).filter((p) => p.repository.toLowerCase() === lower);
}
