import { and, eq, inArray, isNull, sql } from 'drizzle-orm';
import { appendAuditEvent } from './append-audit-event.js';
import type { Database } from './database.js';
import { projects } from './schema/projects.js';
import { tenants, type Tenant, type TenantStatus } from './schema/tenants.js';
import { withTenant } from './with-tenant.js';

export interface InstalledAccount {
  tenantId: string;
  login: string;
  type: string;
  installationId: number;
}

export interface InstalledRepository {
  fullName: string;
  githubId: number;
}

/** The tenant row of an installed account: created, or renamed and given its installation. */
export async function upsertInstalledTenant(db: Database, a: InstalledAccount): Promise<void> {
  await withTenant(db, a.tenantId, (tx) =>
    tx
      .insert(tenants)
      .values({ id: a.tenantId, name: a.login, installationId: a.installationId, accountType: a.type })
      .onConflictDoUpdate({ target: tenants.id, set: { name: a.login, installationId: a.installationId, accountType: a.type } }),
  );
}

/** A tenant's status and installation, or undefined when it is not known. */
export async function readTenant(db: Database, tenantId: string): Promise<Tenant | undefined> {
  const [row] = await withTenant(db, tenantId, (tx) => tx.select().from(tenants).where(eq(tenants.id, tenantId)));
  return row;
}

/**
 * Moves a tenant to a status (suspended, active again, uninstalled) and audits it, with who did it on
 * GitHub. Its data is kept in every status.
 */
export async function setTenantStatus(db: Database, tenantId: string, status: TenantStatus, change: { by: string; guid: string }): Promise<void> {
  await withTenant(db, tenantId, async (tx) => {
    await tx.update(tenants).set({ status, statusChangedAt: new Date(), statusChangedBy: change.by }).where(eq(tenants.id, tenantId));
    await appendAuditEvent(tx, { actor: change.by, action: `tenant.${status}`, decision: 'allow', data: { status }, idempotencyKey: `tenant.${status}/${change.guid}` });
  });
}

/** Repositories that joined the installation: projects created, or brought back from the archive. */
export async function addProjects(db: Database, tenantId: string, repos: readonly InstalledRepository[], change: { by: string; guid: string }): Promise<void> {
  if (repos.length === 0) return;
  await withTenant(db, tenantId, async (tx) => {
    for (const r of repos) {
      await tx
        .insert(projects)
        .values({ tenantId, repository: r.fullName, githubId: r.githubId })
        .onConflictDoUpdate({ target: [projects.tenantId, projects.repository], set: { githubId: r.githubId, archivedAt: null } });
    }
    await appendAuditEvent(tx, { actor: change.by, action: 'projects.added', decision: 'allow', data: { repositories: repos.map((r) => r.fullName) }, idempotencyKey: `projects.added/${change.guid}` });
  });
}

/** Repositories that left the installation: their projects archived (data kept, builds refused). */
export async function archiveProjects(db: Database, tenantId: string, fullNames: readonly string[], change: { by: string; guid: string }): Promise<void> {
  if (fullNames.length === 0) return;
  await withTenant(db, tenantId, async (tx) => {
    await tx.update(projects).set({ archivedAt: sql`now()` }).where(and(inArray(projects.repository, [...fullNames]), isNull(projects.archivedAt)));
    await appendAuditEvent(tx, { actor: change.by, action: 'projects.archived', decision: 'allow', data: { repositories: fullNames }, idempotencyKey: `projects.archived/${change.guid}` });
  });
}

/** Where a tenant and one of its projects stand with the App (undefined for a tenant the App never installed on: the local one), in one query. */
export async function readStanding(db: Database, tenantId: string, repository: string): Promise<{ account: string; status: TenantStatus; archived: boolean } | undefined> {
  const [row] = await withTenant(db, tenantId, (tx) =>
    tx
      .select({ name: tenants.name, status: tenants.status, installationId: tenants.installationId, archivedAt: projects.archivedAt })
      .from(tenants)
      .leftJoin(projects, and(eq(projects.tenantId, tenants.id), eq(projects.repository, repository)))
      .where(eq(tenants.id, tenantId)),
  );
  if (!row || row.installationId === null) return undefined;
  return { account: row.name, status: row.status, archived: row.archivedAt != null };
}
