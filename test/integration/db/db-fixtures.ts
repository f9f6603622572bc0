import { randomUUID } from 'node:crypto';
import { drizzle } from 'drizzle-orm/node-postgres';
import pg from 'pg';
import { databaseError, type Database } from '../../../db/database.js';
import { ensureTenant } from '../../../db/ensure-tenant.js';
import { builds, projects } from '../../../db/schema/index.js';
import * as schema from '../../../db/schema/index.js';
import { withTenant } from '../../../db/with-tenant.js';

/** The database the jest global setup created and migrated for this run, as the app's login (DATABASE_URL). */
export function runDatabaseUrl(): string {
  return fromEnv('DATABASE_URL');
}

/** The same database as its owner, the server's superuser (DATABASE_OWNER_URL). */
export function runOwnerUrl(): string {
  return fromEnv('DATABASE_OWNER_URL');
}

function fromEnv(name: string): string {
  const url = process.env[name];
  if (!url) throw new Error(`${name} is not set: run through jest (its global setup creates the database)`);
  return url;
}

export interface TestDb {
  /** The app's least-privileged login (DATABASE_URL). */
  db: Database;
  /** The owner, a superuser (bypasses RLS, not the triggers): to look behind the access layer. */
  admin: pg.Pool;
  close(): Promise<void>;
}

/** Connections to a database: the run's, or one from createTestDatabase. */
export function connect(database: { url: string; ownerUrl: string } = { url: runDatabaseUrl(), ownerUrl: runOwnerUrl() }): TestDb {
  const pool = new pg.Pool({ connectionString: database.url, max: 8 });
  const admin = new pg.Pool({ connectionString: database.ownerUrl, max: 2 });
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
