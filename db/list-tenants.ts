import type { Database } from './database.js';
import { tenants, type Tenant } from './schema/tenants.js';
import { withCrossTenantRead } from './with-tenant.js';

/** Every tenant the factory knows, with its status: what the tenant schedules are made from (one cross-tenant read, the factory's own job). */
export async function listTenants(db: Database): Promise<Pick<Tenant, 'id' | 'name' | 'status'>[]> {
  return withCrossTenantRead(db, (tx) => tx.select({ id: tenants.id, name: tenants.name, status: tenants.status }).from(tenants).orderBy(tenants.id));
}
