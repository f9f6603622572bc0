import { randomUUID } from 'node:crypto';
import { drizzle } from 'drizzle-orm/node-postgres';
import pg from 'pg';
import { databaseError, type Database } from '../../../db/database.js';
import { ensureTenant } from '../../../db/ensure-tenant.js';
import { builds, projects } from '../../../db/schema/index.js';
import * as schema from '../../../db/schema/index.js';
import { withTenant } from '../../../db/with-tenant.js';

/** The database the jest global setup created and migrated for this run. */
export function runDatabaseUrl(): string {
  const url = process.env.DATABASE_URL;
  if (!url) throw new Error('DATABASE_URL is not set: run through jest (its global setup creates the database)');
  return url;
}

export interface TestDb {
  db: Database;
  /** A superuser connection (bypasses RLS, not the triggers): to look behind the access layer. */
  admin: pg.Pool;
  close(): Promise<void>;
}

export function connect(url = runDatabaseUrl()): TestDb {
  const pool = new pg.Pool({ connectionString: url, max: 8 });
  const admin = new pg.Pool({ connectionString: url, max: 2 });
  return {
    db: drizzle({ client: pool, schema }),
    admin,
    async close() {
      await Promise.all([pool.end(), admin.end()]);
    },
  };
}

/** A tenant id no other test file uses (files share the run's database). */
export function uniqueTenantId(label: string): string {
  return `test:${label}:${randomUUID().slice(0, 8)}`;
}

/** A tenant with one project and one build, created through the access layer. */
export async function seedTenant(db: Database, tenantId: string): Promise<{ projectId: string; buildId: string }> {
  await ensureTenant(db, { id: tenantId, name: `name of ${tenantId}` });
  return withTenant(db, tenantId, async (tx) => {
    const [project] = await tx.insert(projects).values({ tenantId, repository: `${tenantId}/api` }).returning();
    const buildId = `build:${tenantId}:${randomUUID().slice(0, 8)}`;
    await tx.insert(builds).values({
      id: buildId,
      tenantId,
      projectId: project.id,
      image: 'api',
      commitSha: '3f2c1d0000000000000000000000000000000000',
      ref: 'refs/heads/main',
      method: 'dockerfile',
      authorLogin: 'alice',
      trigger: 'push',
      tags: ['3f2c1d', 'main'],
    });
    return { projectId: project.id, buildId };
  });
}

/** The Postgres error a promise rejects with (message and SQLSTATE), or throws if it resolves. */
export async function pgFailure(promise: Promise<unknown>): Promise<{ message: string; code?: string }> {
  try {
    await promise;
  } catch (err) {
    return databaseError(err);
  }
  throw new Error('expected the database to refuse, but it accepted');
}
