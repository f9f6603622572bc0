import { and, desc, eq } from 'drizzle-orm';
import type { Database } from './database.js';
import { buildLogs } from './schema/build-logs.js';
import { withTenant } from './with-tenant.js';

/** A build's last `lines` log lines, oldest first (read backwards along the primary key). */
export async function readBuildLogTail(db: Database, tenantId: string, buildId: string, lines: number): Promise<string[]> {
  const rows = await withTenant(db, tenantId, (tx) =>
    tx
      .select({ line: buildLogs.line })
      .from(buildLogs)
      .where(and(eq(buildLogs.tenantId, tenantId), eq(buildLogs.buildId, buildId)))
      .orderBy(desc(buildLogs.seq))
      .limit(lines),
  );
  return rows.map((r) => r.line).reverse();
}
