import { eq, sql } from 'drizzle-orm';
import { tenants, type Tenant } from './schema/tenants.js';
import type { Database } from './database.js';
import { withTenant } from './with-tenant.js';

/**
 * Creates the tenant row, or renames it when the name changed (GitHub accounts get renamed; the id is
 * stable). Runs under row-level security as that tenant: the policy lets a session insert exactly the
 * tenant whose id is the session's tenant.
 */
export async function ensureTenant(db: Database, tenant: { id: string; name: string }): Promise<Tenant> {
  return withTenant(db, tenant.id, async (tx) => {
    const [changed] = await tx
      .insert(tenants)
      .values({ id: tenant.id, name: tenant.name })
      .onConflictDoUpdate({ target: tenants.id, set: { name: tenant.name }, setWhere: sql`${tenants.name} IS DISTINCT FROM excluded.name` })
      .returning();
    if (changed) return changed;
    const [existing] = await tx.select().from(tenants).where(eq(tenants.id, tenant.id));
    return existing;
  });
}

/** Makes sure a tenant row exists (named after its id when new), leaving an existing one as it is. */
export async function ensureTenantExists(db: Database, tenantId: string): Promise<void> {
  await withTenant(db, tenantId, (tx) => tx.insert(tenants).values({ id: tenantId, name: tenantId }).onConflictDoNothing());
}
