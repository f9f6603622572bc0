import { defineConfig } from 'drizzle-kit';

/**
 * `npm run db:generate` diffs db/schema against the last snapshot and writes SQL into db/migrations.
 * Row-level security, the app role and the audit triggers live in hand-written migrations
 * (`npx drizzle-kit generate --custom --name <name>`); every tenant-owned table added later needs its
 * own RLS statements there too (test/integration/db/rls-coverage.test.ts checks it).
 */
export default defineConfig({
  dialect: 'postgresql',
  schema: './db/schema/index.ts',
  out: './db/migrations',
  strict: true,
  verbose: true,
});
