import { Client, ScheduleAlreadyRunning, ScheduleNotFoundError, ScheduleOverlapPolicy, type ConnectionLike } from '@temporalio/client';
import type { Database } from '../db/database.js';
import { listTenants } from '../db/list-tenants.js';
import { rescanInterval } from '../manifest/rescan-interval.js';
import { TENANT_REPOSITORY_NAME } from '../manifest/tenant-config.js';
import type { ActorResolver } from '../roles/actor-resolver.js';
import type { rescanPromoted } from '../workflows/rescan-promoted.js';
import type { Config } from './config.js';
import type { PayloadKeyConfig } from './payload-keys.js';
import { productDataConverter } from './temporal-connection.js';

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
}

export type ScheduleOutcome = 'created' | 'updated' | 'unchanged' | 'removed' | 'none';

export interface TenantScheduleSync {
  tenantId: string;
  scheduleId: string;
  outcome: ScheduleOutcome;
  /** The interval in force after the sync, in ms (none: no schedule). */
  everyMs?: number;
  /** The tenant's configuration could not be read: its schedule was left as it was. */
  error?: string;
}

/** A client for schedules over a worker's connection, with the product's data converter (payloads encrypted). */
export function scheduleClient(connection: ConnectionLike, config: Pick<Config, 'temporalNamespace'> & PayloadKeyConfig): Client {
  return new Client({ connection, namespace: config.temporalNamespace, dataConverter: productDataConverter(config) });
}

/** Makes one schedule what it should be: every `everyMs` (created or updated), or none (removed). */
async function ensureRescanSchedule(deps: TenantScheduleDeps, tenantId: string, everyMs: number | undefined): Promise<ScheduleOutcome> {
  const scheduleId = rescanScheduleId(deps.taskQueue, tenantId);
  const handle = deps.client.schedule.getHandle(scheduleId);
  const describe = () =>
    handle.describe().catch((err: unknown) => {
      if (err instanceof ScheduleNotFoundError) return undefined;
      throw err;
    });
  let current = await describe();
  if (everyMs === undefined) {
    if (!current) return 'none';
    await handle.delete().catch((err: unknown) => {
      if (!(err instanceof ScheduleNotFoundError)) throw err;
    });
    return 'removed';
  }
  const spec = { intervals: [{ every: everyMs }] };
  const action = { type: 'startWorkflow' as const, workflowType: 'rescanPromoted', workflowId: `rescan/${tenantId}`, taskQueue: deps.taskQueue, args: [{ tenantId }] as Parameters<typeof rescanPromoted> };
  if (!current) {
    try {
      await deps.client.schedule.create<typeof rescanPromoted>({ scheduleId, spec, action, policies: { overlap: ScheduleOverlapPolicy.SKIP }, memo: { tenantId } });
      return 'created';
    } catch (err) {
      if (!(err instanceof ScheduleAlreadyRunning)) throw err;
      current = await describe();
    }
  }
  const every = current?.spec.intervals?.[0]?.every;
  const same =
    current?.spec.intervals?.length === 1 &&
    (typeof every === 'number' ? every : Number.NaN) === everyMs &&
    current.action.type === 'startWorkflow' &&
    current.action.workflowType === action.workflowType &&
    current.action.taskQueue === deps.taskQueue;
  if (same) return 'unchanged';
  await handle.update((previous) => ({ ...previous, spec, action, policies: { ...previous.policies, overlap: ScheduleOverlapPolicy.SKIP } }));
  return 'updated';
}

/**
 * The one place the tenants' schedules are made to match the configuration in force: for each tenant (all
 * of them, or those named), its re-scan schedule runs `rescanPromoted` every tenant.yml `rescan.every`
 * (else IMAGEFACTORY_RESCAN_INTERVAL) while the tenant is active, and is removed when it is suspended,
 * uninstalled, or its interval is `never`. Called when a worker starts (every tenant), and by the App when
 * a tenant is installed, suspended or its tenant.yml is accepted (that tenant). Several callers at once
 * leave one schedule per tenant. A tenant whose configuration cannot be read keeps its schedule as it was.
 */
export async function syncTenantSchedules(deps: TenantScheduleDeps, only?: readonly string[]): Promise<TenantScheduleSync[]> {
  const tenants = (await listTenants(deps.db)).filter((t) => !only || only.includes(t.id));
  const out: TenantScheduleSync[] = [];
  for (const tenant of tenants) {
    const scheduleId = rescanScheduleId(deps.taskQueue, tenant.id);
    let everyMs: number | undefined;
    try {
      const config = await deps.governance.tenantConfig({ tenantId: tenant.id, repository: `${tenant.name}/${TENANT_REPOSITORY_NAME}` });
      everyMs = tenant.status === 'active' ? rescanInterval(config.rescan, deps.rescanIntervalMs) : undefined;
    } catch (err) {
      out.push({ tenantId: tenant.id, scheduleId, outcome: 'unchanged', error: (err as Error).message });
      continue;
    }
    const outcome = await ensureRescanSchedule(deps, tenant.id, everyMs);
    out.push({ tenantId: tenant.id, scheduleId, outcome, ...(everyMs !== undefined ? { everyMs } : {}) });
  }
  return out;
}
