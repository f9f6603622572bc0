import { createHash } from 'node:crypto';
import type { Client } from '@temporalio/client';
import { recordAuditEvent } from '../db/append-audit-event.js';
import type { Database } from '../db/database.js';
import { digestInterval, digestPlan, digestWhen, type DigestCadence } from '../manifest/digest-plan.js';
import { TENANT_FILE_NAME, TENANT_REPOSITORY_NAME } from '../manifest/tenant-config.js';
import type { NotifyConfig } from '../manifest/types.js';
import type { DigestInput } from '../workflows/digest-types.js';
import type { digest } from '../workflows/digest.js';
import { ensureIntervalSchedule, type ScheduleOutcome } from './interval-schedule.js';

export interface DigestScheduleDeps {
  /** A Temporal client with the product's data converter (the schedule's arguments hold addresses). */
  client: Client;
  db: Database;
  taskQueue: string;
  /** IMAGEFACTORY_DIGEST_INTERVAL: send every this long instead of daily or weekly (tests). */
  digestIntervalMs?: number;
}

/** Whose digest: a project's (`repository`), or the tenant's over every project. */
export interface DigestTarget {
  tenantId: string;
  /** The tenant's account login. */
  owner: string;
  /** `owner/name`. */
  repository?: string;
}

/** What changed the configuration, for the audit trail: who, and the commit (or delivery) that did. */
export interface DigestChange {
  actor: string;
  cause?: string;
}

export interface DigestSync {
  scheduleId: string;
  outcome: ScheduleOutcome;
  cadence?: DigestCadence;
  to?: string[];
}

/** A digest's schedule, per task queue like every schedule (deployments sharing a namespace keep theirs apart). */
export const digestScheduleId = (taskQueue: string, t: Pick<DigestTarget, 'tenantId' | 'repository'>) =>
  `imagefactory-digest-${taskQueue}-${t.tenantId}${t.repository ? `-${t.repository}` : ''}`;

/** Where the configuration of a digest lives, as its email names it. */
const configuredIn = (t: DigestTarget) => (t.repository ? `${t.repository}'s .imagefactory.yml` : `${t.owner}/${TENANT_REPOSITORY_NAME}'s ${TENANT_FILE_NAME}`);

const AUDIT_ACTION: Partial<Record<ScheduleOutcome, string>> = { created: 'digest.scheduled', updated: 'digest.changed', removed: 'digest.removed' };

/**
 * Makes one digest's schedule match a `notify:` (a project's manifest on its default branch, or tenant.yml
 * in force): created, updated when the cadence, the recipients or the interval changed, left alone when it
 * is as asked, removed when it asks for none. Each change is audited in the tenant's trail
 * (`digest.scheduled`, `digest.changed`, `digest.removed`); doing it again changes and audits nothing.
 */
export async function syncDigestSchedule(deps: DigestScheduleDeps, target: DigestTarget, notify: NotifyConfig | undefined, change: DigestChange): Promise<DigestSync> {
  const scheduleId = digestScheduleId(deps.taskQueue, target);
  const plan = digestPlan(notify);
  const input: DigestInput | undefined = plan && {
    tenantId: target.tenantId,
    owner: target.owner,
    ...(target.repository ? { repository: target.repository } : {}),
    cadence: plan.cadence,
    to: plan.to,
    when: digestWhen(plan.cadence, deps.digestIntervalMs),
    configuredIn: configuredIn(target),
  };
  const wanted = input && {
    ...digestInterval(input.cadence, deps.digestIntervalMs),
    workflowType: 'digest',
    workflowId: `digest/${target.tenantId}/${target.repository ?? 'tenant'}`,
    taskQueue: deps.taskQueue,
    args: [input] as Parameters<typeof digest>,
  };
  const outcome = await ensureIntervalSchedule(deps.client, scheduleId, wanted);
  const action = AUDIT_ACTION[outcome];
  if (action) {
    const cause = change.cause ?? createHash('sha256').update(JSON.stringify(input ?? null)).digest('hex').slice(0, 16);
    await recordAuditEvent(deps.db, target.tenantId, {
      actor: change.actor,
      action,
      ...(target.repository ? { project: target.repository } : {}),
      decision: 'allow',
      data: { schedule: scheduleId, configured_in: configuredIn(target), ...(input ? { cadence: input.cadence, to: input.to, when: input.when } : {}), ...(change.cause ? { cause: change.cause } : {}) },
      idempotencyKey: `${action}/${scheduleId}/${cause}`,
    });
  }
  return { scheduleId, outcome, ...(plan ? { cadence: plan.cadence, to: plan.to } : {}) };
}

/**
 * The tenant's own digest (every project, to tenant.yml's recipients) as tenant.yml in force asks, while
 * the tenant is active; none for a suspended or uninstalled tenant. Part of lib/tenant-schedules.ts.
 */
export function syncTenantDigest(deps: DigestScheduleDeps, tenant: { id: string; name: string; status: string }, notify: NotifyConfig | undefined, change: DigestChange): Promise<DigestSync> {
  return syncDigestSchedule(deps, { tenantId: tenant.id, owner: tenant.name }, tenant.status === 'active' ? notify : undefined, change);
}
