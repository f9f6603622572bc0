import { sql } from 'drizzle-orm';
import type { Database, Transaction } from './database.js';

/** The role every access-layer transaction runs as (created by migration 0001_rls_and_audit). */
export const APP_ROLE = 'imagefactory_app';

/**
 * Runs `fn` in a transaction scoped to one tenant: `SET LOCAL ROLE imagefactory_app` (a non-superuser, so
 * row-level security applies) and `imagefactory.tenant_id` set for this transaction only, in one statement.
 * Every row read or written is that tenant's: the database refuses the rest. Every application query goes
 * through here or through withCrossTenantRead. Rolls back when `fn` throws.
 *
 * Keep `fn` to database work: the transaction (and, after appendAuditEvent, the tenant's audit lock) is
 * held until it returns.
 */
export async function withTenant<T>(db: Database, tenantId: string, fn: (tx: Transaction) => Promise<T>): Promise<T> {
  if (typeof tenantId !== 'string' || tenantId.trim() === '') {
    throw new Error(`withTenant needs a tenant id, got ${JSON.stringify(tenantId)}`);
  }
  return db.transaction(async (tx) => {
    // One statement: set_config('role', ..., true) is SET LOCAL ROLE.
    await tx.execute(sql`SELECT set_config('role', ${APP_ROLE}, true), set_config('imagefactory.tenant_id', ${tenantId}, true)`);
    return fn(tx);
  });
}

/**
 * Runs `fn` in a READ ONLY transaction that reads every tenant's rows (as imagefactory_app, with
 * `imagefactory.cross_tenant` on for this transaction only). Writes are refused twice: by the read-only
 * transaction and by the policies (the cross-tenant policy is SELECT only, and no tenant is set).
 *
 * Only for system-admin, security-admin and global-auditor, or the operator's own tools (the CLI, which
 * already holds the database's credentials). This function does not check roles: the CALLER must have
 * checked that the acting user holds one of those three roles before calling it.
 */
export async function withCrossTenantRead<T>(db: Database, fn: (tx: Transaction) => Promise<T>): Promise<T> {
  return db.transaction(
    async (tx) => {
      await tx.execute(sql`SELECT set_config('role', ${APP_ROLE}, true), set_config('imagefactory.cross_tenant', 'on', true)`);
      return fn(tx);
    },
    { accessMode: 'read only' },
  );
}
