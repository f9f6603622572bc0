import { and, eq } from 'drizzle-orm';
import { appendAuditEvent } from '../db/append-audit-event.js';
import type { Database } from '../db/database.js';
import { approvals } from '../db/schema/approvals.js';
import { builds } from '../db/schema/builds.js';
import { buildSteps } from '../db/schema/build-steps.js';
import { projects } from '../db/schema/projects.js';
import { quarantines } from '../db/schema/quarantines.js';
import { withTenant } from '../db/with-tenant.js';
import type { DecisionKind } from '../workflows/image-build-handlers.js';
import { FINAL_STATUSES, type BuildStatus, type DecisionResult } from '../workflows/image-build-types.js';
import { resolutionRecord, type ResolvedActor } from '../policies/actor.js';

const FINAL: readonly BuildStatus[] = FINAL_STATUSES;
const STEP_OF: Partial<Record<BuildStatus, string>> = { building: 'build', scanning: 'scan', quarantined: 'quarantine', awaiting_approval: 'approval', promoting: 'promote' };

export interface TransitionInput {
  tenantId: string;
  buildId: string;
  status: BuildStatus;
  step: string;
  detail: Record<string, unknown>;
  idempotencyKey: string;
}

export interface DecisionInput {
  tenantId: string;
  buildId: string;
  kind: DecisionKind;
  /** Who decided, with the roles and teams the worker resolved for them at that moment. */
  actor: ResolvedActor;
  reason?: string;
  result: DecisionResult;
  idempotencyKey: string;
}

/** Activities that keep the build's rows and the audit trail in step with the workflow. */
export function buildRecordActivities(db: Database) {
  return {
    /** Moves the build to a new status: its row, its step rows, and one audit event. */
    async recordTransition(t: TransitionInput): Promise<void> {
      await withTenant(db, t.tenantId, async (tx) => {
        const now = new Date();
        const [build] = await tx.select({ repository: projects.repository }).from(builds).innerJoin(projects, eq(projects.id, builds.projectId)).where(eq(builds.id, t.buildId));
        await tx
          .update(builds)
          .set({
            status: t.status,
            digest: typeof t.detail.digest === 'string' ? t.detail.digest : undefined,
            tags: Array.isArray(t.detail.tags) ? (t.detail.tags as string[]) : undefined,
            error: typeof t.detail.error === 'string' ? t.detail.error : null,
            finishedAt: FINAL.includes(t.status) ? now : null,
            updatedAt: now,
          })
          .where(eq(builds.id, t.buildId));
        await tx
          .update(buildSteps)
          .set({ status: t.status === 'cancelled' ? 'cancelled' : t.status === 'failed' ? 'failed' : 'succeeded', finishedAt: now })
          .where(and(eq(buildSteps.buildId, t.buildId), eq(buildSteps.status, 'running')));
        const step = STEP_OF[t.status];
        if (step) {
          await tx
            .insert(buildSteps)
            .values({ tenantId: t.tenantId, buildId: t.buildId, name: step, status: 'running', startedAt: now, detail: { step: t.step } })
            .onConflictDoUpdate({ target: [buildSteps.tenantId, buildSteps.buildId, buildSteps.name], set: { status: 'running', startedAt: now, finishedAt: null, detail: { step: t.step } } });
        }
        await appendAuditEvent(tx, {
          actor: 'imagefactory',
          action: `build.${t.status}`,
          project: build?.repository,
          buildId: t.buildId,
          reason: t.step,
          data: t.detail,
          idempotencyKey: t.idempotencyKey,
        });
      });
    },

    /** Records a person's decision on a build (accepted or refused) and audits it. */
    async recordDecision(d: DecisionInput): Promise<void> {
      await withTenant(db, d.tenantId, async (tx) => {
        const [build] = await tx.select({ repository: projects.repository }).from(builds).innerJoin(projects, eq(projects.id, builds.projectId)).where(eq(builds.id, d.buildId));
        if (d.result.ok && (d.kind === 'approve' || (d.kind === 'reject' && d.result.status === 'awaiting_approval'))) {
          const row = { decision: d.kind as 'approve' | 'reject', actorRoles: d.actor.roles, reason: d.reason ?? null, at: new Date() };
          await tx
            .insert(approvals)
            .values({ tenantId: d.tenantId, buildId: d.buildId, actorLogin: d.actor.login, ...row })
            .onConflictDoUpdate({ target: [approvals.tenantId, approvals.buildId, approvals.actorLogin], set: row });
        }
        if (d.result.ok && (d.kind === 'release' || (d.kind === 'reject' && d.result.status === 'quarantined'))) {
          await tx
            .update(quarantines)
            .set({ status: d.kind === 'release' ? 'released' : 'rejected', decidedBy: d.actor.login, decidedAt: new Date(), decisionReason: d.reason ?? null })
            .where(and(eq(quarantines.buildId, d.buildId), eq(quarantines.status, 'held')));
        }
        await appendAuditEvent(tx, {
          actor: d.actor.login,
          action: `decision.${d.kind}`,
          project: build?.repository,
          buildId: d.buildId,
          decision: d.result.ok ? 'allow' : 'deny',
          reason: d.result.ok ? (d.reason ?? null) : d.result.reason,
          data: { ...resolutionRecord(d.actor), status: d.result.status, ...(d.result.ok ? {} : { source: d.result.source }) },
          idempotencyKey: d.idempotencyKey,
        });
      });
    },
  };
}
