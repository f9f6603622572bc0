import { randomBytes } from 'node:crypto';
import { loadConfig } from '../../lib/config.js';
import { startDevServer, type DevServer } from '../../lib/temporal-dev-server.js';
import { makeTestAuditKey } from './test-audit-key.js';
import { createTestDatabase } from './test-database.js';

declare global {
  var __IMAGEFACTORY_TEST_TEMPORAL__: DevServer | undefined;
  var __IMAGEFACTORY_TEST_DB_DROP__: (() => Promise<void>) | undefined;
  var __IMAGEFACTORY_TEST_AUDIT_KEY_REMOVE__: (() => Promise<void>) | undefined;
}

/**
 * One Temporal dev server and one freshly migrated Postgres database for the whole run; test files read
 * their addresses from the environment (TEMPORAL_ADDRESS; DATABASE_URL, the app's least-privileged login, and
 * DATABASE_OWNER_URL, the owner that migrated it), which jest's workers inherit; they share one payload key
 * (IMAGEFACTORY_PAYLOAD_KEY), as the processes of a deployment do.
 */
export default async function globalSetup(): Promise<void> {
  const config = loadConfig({ ...process.env, TEMPORAL_ADDRESS: undefined });
  const [temporal, db] = await Promise.all([
    process.env.TEMPORAL_ADDRESS ? undefined : startDevServer({ executable: config.temporalCli }),
    createTestDatabase('run'),
  ]);
  if (temporal) {
    globalThis.__IMAGEFACTORY_TEST_TEMPORAL__ = temporal;
    process.env.TEMPORAL_ADDRESS = temporal.address;
  }
  process.env.DATABASE_URL = db.url;
  process.env.DATABASE_OWNER_URL = db.ownerUrl;
  process.env.DATABASE_OWNER_URL = db.ownerUrl;
  process.env.IMAGEFACTORY_PAYLOAD_KEY ??= randomBytes(32).toString('base64');
  globalThis.__IMAGEFACTORY_TEST_DB_DROP__ = db.drop;
  // One audit signing key for the run, as a deployment's processes share one.
  const auditKey = await makeTestAuditKey();
  process.env.IMAGEFACTORY_AUDIT_KEY = auditKey.file;
  globalThis.__IMAGEFACTORY_TEST_AUDIT_KEY_REMOVE__ = auditKey.remove;
}
