import { syncTenantSchedules } from '../lib/tenant-schedules.js';
import { createActorResolver } from '../roles/actor-resolver.js';
import type { BotDeps } from './bot-deps.js';

/**
 * Brings one tenant's schedules in line with what is in force now (lib/tenant-schedules.ts): after the App
 * is installed, suspended, unsuspended or removed, and after its tenant.yml is accepted. A failure is
 * logged, not thrown: the delivery's own work is done, and the next worker start syncs every tenant again.
 */
export async function syncSchedulesOf(deps: BotDeps, tenantId: string): Promise<void> {
  try {
    const governance = createActorResolver({ db: deps.db, config: deps.config });
    const synced = await syncTenantSchedules({ client: deps.temporal, db: deps.db, governance, taskQueue: deps.taskQueue, rescanIntervalMs: deps.config.rescanIntervalMs, digestIntervalMs: deps.config.digestIntervalMs }, [tenantId]);
    for (const s of synced) deps.log.info({ tenantId, schedule: s.scheduleId, outcome: s.outcome, everyMs: s.everyMs, error: s.error }, 'tenant schedule synced');
  } catch (err) {
    deps.log.warn({ err, tenantId }, 'the tenant schedules could not be synced; the next worker start syncs them');
  }
}
