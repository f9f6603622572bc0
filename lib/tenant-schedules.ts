import type { Client } from '@temporalio/client';
import type { Database } from '../db/database.js';
import type { NotifyConfig } from '../manifest/types.js';
import { listTenants } from '../db/list-tenants.js';
import { rescanInterval } from '../manifest/rescan-interval.js';
import { TENANT_REPOSITORY_NAME } from '../manifest/tenant-config.js';
import type { ActorResolver } from '../roles/actor-resolver.js';
import type { rescanPromoted } from '../workflows/rescan-promoted.js';
import { syncTenantDigest } from './digest-schedules.js';
import { ensureIntervalSchedule, type ScheduleOutcome } from './interval-schedule.js';

/** A tenant's re-scan schedule, per task queue (deployments sharing a namespace keep theirs apart). */
export const rescanScheduleId = (taskQueue: string, tenantId: string) => `imagefactory-rescan-${taskQueue}-${tenantId}`;

export interface TenantScheduleDeps {
  client: Client;
  db: Database;
  /** The tenant configuration in force (tenant.yml as accepted, or the local tenant's file). */
  governance: Pick<ActorResolver, 'tenantConfig'>;
  taskQueue: string;
  /** IMAGEFACTORY_RESCAN_INTERVAL: a tenant's interval unless its tenant.yml says (undefined: never). */
  rescanIntervalMs: number | undefined;
  /** IMAGEFACTORY_DIGEST_INTERVAL: the tenant's digest every this long instead of daily or weekly (tests). */
  digestIntervalMs?: number;
}

export { scheduleClient, type ScheduleOutcome } from './interval-schedule.js';

export interface TenantScheduleSync {
  tenantId: string;
  scheduleId: string;
  outcome: ScheduleOutcome;
  /** The interval in force after the sync, in ms (none: no schedule). */
  everyMs?: number;
  /** The tenant's configuration could not be read: its schedule was left as it was. */
  error?: string;
}

/**
 * The one place the tenants' schedules are made to match the configuration in force: for each tenant (all
 * of them, or those named), its re-scan schedule runs `rescanPromoted` every tenant.yml `rescan.every`
 * (else IMAGEFACTORY_RESCAN_INTERVAL) while the tenant is active, and is removed when it is suspended,
 * uninstalled, or its interval is `never`; its digest schedule sends tenant.yml's `notify.email.digest`
 * (lib/digest-schedules.ts) while it is active, and is removed likewise. Called when a worker starts (every tenant), and by the App when
 * a tenant is installed, suspended or its tenant.yml is accepted (that tenant). Several callers at once
 * leave one schedule per tenant. A tenant whose configuration cannot be read keeps its schedule as it was.
 */
export async function syncTenantSchedules(deps: TenantScheduleDeps, only?: readonly string[]): Promise<TenantScheduleSync[]> {
  const tenants = (await listTenants(deps.db)).filter((t) => !only || only.includes(t.id));
  const out: TenantScheduleSync[] = [];
  for (const tenant of tenants) {
    const scheduleId = rescanScheduleId(deps.taskQueue, tenant.id);
    let everyMs: number | undefined;
    let notify: NotifyConfig | undefined;
    try {
      const config = await deps.governance.tenantConfig({ tenantId: tenant.id, repository: `${tenant.name}/${TENANT_REPOSITORY_NAME}` });
      everyMs = tenant.status === 'active' ? rescanInterval(config.rescan, deps.rescanIntervalMs) : undefined;
      notify = config.notify;
    } catch (err) {
      out.push({ tenantId: tenant.id, scheduleId, outcome: 'unchanged', error: (err as Error).message });
      continue;
    }
    const args: Parameters<typeof rescanPromoted> = [{ tenantId: tenant.id }];
    const wanted = everyMs === undefined ? undefined : { everyMs, workflowType: 'rescanPromoted', workflowId: `rescan/${tenant.id}`, taskQueue: deps.taskQueue, args };
    const outcome = await ensureIntervalSchedule(deps.client, scheduleId, wanted);
    out.push({ tenantId: tenant.id, scheduleId, outcome, ...(everyMs !== undefined ? { everyMs } : {}) });
    const digest = await syncTenantDigest(deps, tenant, notify, { actor: 'imagefactory' });
    if (digest.outcome !== 'none') out.push({ tenantId: tenant.id, scheduleId: digest.scheduleId, outcome: digest.outcome });
  }
  return out;
}
