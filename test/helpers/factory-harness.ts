import { randomBytes } from 'node:crypto';
import { loadConfig } from '../../lib/config.js';
import { openFactorySession, type FactorySession } from '../../lib/factory-session.js';

export type FactoryHarness = FactorySession & { stop(): Promise<void> };

/**
 * The whole factory on the real services of the test run: the run's Temporal dev server and Postgres
 * database, Podman, the local registry and Trivy, with a worker on a task queue of its own.
 */
export async function startFactory(env: Record<string, string | undefined> = {}): Promise<FactoryHarness> {
  const config = loadConfig({ ...process.env, LOG_LEVEL: 'warn', ...env });
  const session = await openFactorySession(config, { taskQueue: `test-${Date.now().toString(36)}-${randomBytes(3).toString('hex')}` });
  return { ...session, stop: session.close };
}
