import pg from 'pg';

const ADMIN_URL = process.env.TEST_ADMIN_DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/postgres';
/** The app's least-privileged login in every test database (roles are server-wide; each database grants it CONNECT). */
export const TEST_RUNTIME_LOGIN = 'imagefactory';

export interface TestDatabase {
  /** The app's connection (DATABASE_URL): the least-privileged runtime login. */
  url: string;
  /** The owner's connection (DATABASE_OWNER_URL): the server's superuser, which created and migrated it. */
  ownerUrl: string;
  drop(): Promise<void>;
}

let counter = 0;

/**
 * Creates an empty database on the real Postgres server (named after `label` and this process) as the
 * owner and applies the migrations as the owner, which makes the runtime login exist; drop() removes it.
 * `migrate: false` leaves it empty; `create: false` only picks a name that does not exist yet (for code
 * that must create the database itself), which drop() still removes.
 */
export async function createTestDatabase(label: string, opts: { migrate?: boolean; create?: boolean } = {}): Promise<TestDatabase> {
  counter += 1;
  const name = `imagefactory_test_${process.pid}_${Date.now().toString(36)}_${counter}_${label}`.toLowerCase().replace(/[^a-z0-9_]/g, '_').slice(0, 63);
  const ownerUrl = new URL(ADMIN_URL);
  ownerUrl.pathname = `/${name}`;
  const url = new URL(ownerUrl);
  url.username = TEST_RUNTIME_LOGIN;
  url.password = '';
  const database = { url: url.toString(), ownerUrl: ownerUrl.toString(), drop: () => dropDatabase(name) };
  if (opts.create === false) return database;
  const admin = new pg.Client({ connectionString: ADMIN_URL });
  await admin.connect();
  try {
    await admin.query(`CREATE DATABASE ${name}`);
  } finally {
    await admin.end();
  }
  if (opts.migrate !== false) {
    const { migrateAsOwner } = await import('../../db/migrate.js');
    const migrated = await migrateAsOwner(database.ownerUrl, database.url);
    if (!migrated.ok) throw new Error(migrated.problem);
  }
  return database;
}

async function dropDatabase(name: string): Promise<void> {
  const c = new pg.Client({ connectionString: ADMIN_URL });
  await c.connect();
  try {
    await c.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
  } finally {
    await c.end();
  }
}
