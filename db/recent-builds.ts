import { desc } from 'drizzle-orm';
import type { Database } from './database.js';
import { builds, type Build } from './schema/builds.js';
import { withTenant } from './with-tenant.js';

/** A tenant's most recently updated builds, newest first. */
export async function recentBuilds(db: Database, tenantId: string, limit: number): Promise<Build[]> {
  return withTenant(db, tenantId, (tx) => tx.select().from(builds).orderBy(desc(builds.updatedAt)).limit(limit));
}
