import pg from 'pg';

const ADMIN_URL = process.env.TEST_ADMIN_DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/postgres';

export interface TestDatabase {
  url: string;
  drop(): Promise<void>;
}

let counter = 0;

/**
 * Creates an empty database on the real Postgres server (named after `label` and this process) and applies
 * the migrations; drop() removes it. `migrate: false` leaves it empty; `create: false` only picks a name
 * that does not exist yet (for code that must create the database itself), which drop() still removes.
 */
export async function createTestDatabase(label: string, opts: { migrate?: boolean; create?: boolean } = {}): Promise<TestDatabase> {
  counter += 1;
  const name = `imagefactory_test_${process.pid}_${Date.now().toString(36)}_${counter}_${label}`.toLowerCase().replace(/[^a-z0-9_]/g, '_').slice(0, 63);
  const url = new URL(ADMIN_URL);
  url.pathname = `/${name}`;
  if (opts.create === false) return { url: url.toString(), drop: () => dropDatabase(name) };
  const admin = new pg.Client({ connectionString: ADMIN_URL });
  await admin.connect();
  try {
    await admin.query(`CREATE DATABASE ${name}`);
  } finally {
    await admin.end();
  }
  if (opts.migrate !== false) {
    const { migrateDatabase } = await import('../../db/migrate.js');
    await migrateDatabase({ databaseUrl: url.toString() });
  }
  return { url: url.toString(), drop: () => dropDatabase(name) };
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
