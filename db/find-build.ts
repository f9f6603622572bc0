import { desc, eq, like, or } from 'drizzle-orm';
import type { Database, Transaction } from './database.js';
import { builds, type Build } from './schema/builds.js';
import { withCrossTenantRead, withTenant } from './with-tenant.js';

export type FoundBuild = { ok: true; build: Build } | { ok: false; message: string };

/**
 * Finds a build by its id (the workflow id, e.g. `local/hello/web@3f2c1d4e5a6b`) or by a unique ending of
 * it (`web@3f2c1d4e5a6b`, `web@3f2c`): what people type. Several matches are listed, newest first. In one
 * tenant, or (no tenant given) in every tenant: build ids are unique across tenants, and who may act on the
 * build is decided by the build itself.
 */
export async function findBuild(db: Database, tenantId: string | undefined, ref: string): Promise<FoundBuild> {
  const pattern = `%${ref.replace(/[\\%_]/g, (c) => `\\${c}`)}%`;
  const read = (tx: Transaction) => tx.select().from(builds).where(or(eq(builds.id, ref), like(builds.id, pattern))).orderBy(desc(builds.updatedAt)).limit(20);
  const rows = tenantId === undefined ? await withCrossTenantRead(db, read) : await withTenant(db, tenantId, read);
  const exact = rows.find((r) => r.id === ref);
  if (exact) return { ok: true, build: exact };
  const ending = rows.filter((r) => r.id.endsWith(ref) || r.id.split('/').pop()!.startsWith(ref));
  const candidates = ending.length > 0 ? ending : rows;
  if (candidates.length === 1) return { ok: true, build: candidates[0] };
  const where = tenantId === undefined ? '' : ` in tenant ${tenantId}`;
  if (candidates.length === 0) return { ok: false, message: `no build matches "${ref}"${where} (imagefactory status lists recent builds)` };
  return { ok: false, message: `"${ref}" matches ${candidates.length} builds; say which:\n${candidates.map((c) => `  ${c.id}  ${c.status}`).join('\n')}` };
}
