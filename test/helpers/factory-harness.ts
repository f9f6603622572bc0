import { randomBytes } from 'node:crypto';
import { loadConfig } from '../../lib/config.js';
import { openFactorySession, type FactorySession } from '../../lib/factory-session.js';
import { putMappingsInForce, TEST_OWNER, TEST_TENANT, testTenantConfig } from './mappings.js';

export type FactoryHarness = FactorySession & { stop(): Promise<void> };

/** A task queue of its own for a test's worker (one no other worker polls). */
export const testTaskQueue = () => `test-${Date.now().toString(36)}-${randomBytes(3).toString('hex')}`;

/**
 * The whole factory on the real services of the test run: the run's Temporal dev server and Postgres
 * database, Podman, the local registry and Trivy, with a worker on a task queue of its own. The test
 * tenant's tenant.yml (mappings/testTenantConfig) is in force, so the people the tests name hold roles.
 * `taskQueue`: the worker's queue, when a test starts work on it before any worker polls it.
 */
export async function startFactory(env: Record<string, string | undefined> = {}, opts: { taskQueue?: string } = {}): Promise<FactoryHarness> {
  const config = loadConfig({ ...process.env, LOG_LEVEL: 'warn', ...env });
  const session = await openFactorySession(config, { taskQueue: opts.taskQueue ?? testTaskQueue() });
  await putMappingsInForce(session.database.db, { tenantId: TEST_TENANT, owner: TEST_OWNER, tenant: testTenantConfig(config.registry) });
  return { ...session, stop: session.close };
}
