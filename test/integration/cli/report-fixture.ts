// Builds with known numbers for the report tests, inserted through the access layer of a real Postgres.
import type { Database } from '../../../db/database.js';
import { appendAuditEvent } from '../../../db/append-audit-event.js';
import { approvals, builds, buildSteps, projects, quarantines } from '../../../db/schema/index.js';
import { withTenant } from '../../../db/with-tenant.js';
import { putMappingsInForce } from '../../helpers/mappings.js';

const DAY = 86_400_000;

export interface BuildSpec {
  id: string;
  status: 'succeeded' | 'failed' | 'rejected' | 'building';
  method: string;
  by: string;
  /** Days before now it started (at noon of that day's time of now less the hours given). */
  daysAgo: number;
  /** Seconds from start to the final status (none: still running). */
  seconds?: number;
  error?: string;
  /** [start, end] of a wait, seconds from the start. */
  quarantine?: [number, number, 'released' | 'rejected'];
  approval?: [number, number];
}

/**
 * acme/api (tenant A) in the last 30 days: 7 builds, 6 finished, 3 succeeded, 2 failed for one reason, 1
 * rejected in quarantine, 1 running; build times 120, 300, 60, 30, 60, 180 s (average 125, p95 270); two
 * quarantined (one released after 3600 s, one rejected), one approval after 300 s. The 30 days before: 2
 * builds (100 s succeeded, 50 s failed). acme/web (tenant A) and other/svc (tenant B): one build each.
 */
export const API_BUILDS: BuildSpec[] = [
  { id: 'api-1', status: 'succeeded', method: 'dockerfile', by: 'alice', daysAgo: 20, seconds: 120 },
  { id: 'api-2', status: 'succeeded', method: 'buildx', by: 'alice', daysAgo: 20, seconds: 600, approval: [60, 360] },
  { id: 'api-3', status: 'failed', method: 'dockerfile', by: 'bob', daysAgo: 19, seconds: 60, error: 'RUN make: exit 2\nmake: *** [all] Error 2' },
  { id: 'api-4', status: 'failed', method: 'dockerfile', by: 'bob', daysAgo: 18, seconds: 30, error: 'RUN make: exit 2' },
  { id: 'api-5', status: 'rejected', method: 'dockerfile', by: 'alice', daysAgo: 18, seconds: 3660, quarantine: [60, 3660, 'rejected'] },
  { id: 'api-6', status: 'succeeded', method: 'dockerfile', by: 'carol', daysAgo: 17, seconds: 3780, quarantine: [60, 3660, 'released'] },
  { id: 'api-7', status: 'building', method: 'buildx', by: 'alice', daysAgo: 1 },
  { id: 'api-p1', status: 'succeeded', method: 'dockerfile', by: 'alice', daysAgo: 45, seconds: 100 },
  { id: 'api-p2', status: 'failed', method: 'dockerfile', by: 'bob', daysAgo: 44, seconds: 50, error: 'scan timed out' },
  { id: 'api-old', status: 'succeeded', method: 'dockerfile', by: 'alice', daysAgo: 90, seconds: 10 },
];

/** Builds of one project as specified, with their steps, quarantines, approvals and audit events, relative to `now`. */
export async function insertBuilds(db: Database, tenantId: string, repository: string, specs: BuildSpec[], now: Date): Promise<void> {
  await withTenant(db, tenantId, async (tx) => {
    const [project] = await tx.insert(projects).values({ tenantId, repository }).returning();
    for (const s of specs) {
      const start = new Date(now.getTime() - s.daysAgo * DAY);
      const at = (sec: number) => new Date(start.getTime() + sec * 1000);
      const id = `${repository}/${s.id}`;
      await tx.insert(builds).values({
        id, tenantId, projectId: project.id, image: 'app', commitSha: 'c'.repeat(40), ref: 'refs/heads/main', method: s.method, status: s.status,
        authorLogin: s.by, trigger: 'push', error: s.error ?? null, digest: s.status === 'succeeded' ? `sha256:${'d'.repeat(64)}` : null,
        startedAt: start, finishedAt: s.seconds === undefined ? null : at(s.seconds),
      });
      const failed = s.status === 'failed';
      await tx.insert(buildSteps).values({ tenantId, buildId: id, name: 'build', status: failed ? 'failed' : 'succeeded', startedAt: start, finishedAt: at(failed ? s.seconds! : 30) });
      await appendAuditEvent(tx, { actor: s.by, action: 'build.requested', project: repository, buildId: id, decision: 'allow', data: { policies: { scan: 'default', promotion: s.approval ? ['production'] : [] }, tenant_config: 'tenant.yml' } });
      if (s.quarantine) {
        const [from, to, outcome] = s.quarantine;
        await tx.insert(buildSteps).values({ tenantId, buildId: id, name: 'quarantine', status: 'succeeded', startedAt: at(from), finishedAt: at(to) });
        await tx.insert(quarantines).values({ tenantId, buildId: id, reason: '1 CRITICAL', findings: [], status: outcome, decidedBy: 'sam', decidedAt: at(to), decisionReason: outcome === 'released' ? 'false positive, checked' : 'real', createdAt: at(from) });
        if (outcome === 'released') await appendAuditEvent(tx, { actor: 'sam', action: 'decision.release', project: repository, buildId: id, decision: 'allow', reason: 'false positive, checked', data: { roles: ['security-reviewer'] } });
      }
      if (s.approval) {
        await tx.insert(buildSteps).values({ tenantId, buildId: id, name: 'approval', status: 'succeeded', startedAt: at(s.approval[0]), finishedAt: at(s.approval[1]) });
        await tx.insert(approvals).values({ tenantId, buildId: id, decision: 'approve', actorLogin: 'sue', actorRoles: ['security-reviewer'], at: at(s.approval[1]) });
      }
      if (s.status === 'succeeded') await appendAuditEvent(tx, { actor: 'imagefactory', action: 'build.succeeded', project: repository, buildId: id, reason: `promoted to 127.0.0.1:5000/${repository}-prod` });
    }
  });
}

/** Tenant A (`acme`: acme/api, acme/web) and tenant B (`other`: other/svc); vera is a viewer of acme/api only. */
export async function seedReportFixture(db: Database, opts: { tenantA: string; tenantB: string; now: Date }): Promise<void> {
  await putMappingsInForce(db, { tenantId: opts.tenantA, owner: 'acme', projects: { api: { viewer: ['vera'] } } });
  await putMappingsInForce(db, { tenantId: opts.tenantB, owner: 'other', projects: { svc: { viewer: ['olga'] } } });
  await insertBuilds(db, opts.tenantA, 'acme/api', API_BUILDS, opts.now);
  await insertBuilds(db, opts.tenantA, 'acme/web', [{ id: 'web-1', status: 'succeeded', method: 'kaniko', by: 'dave', daysAgo: 5, seconds: 90 }], opts.now);
  await insertBuilds(db, opts.tenantB, 'other/svc', [{ id: 'svc-1', status: 'failed', method: 'dockerfile', by: 'olga', daysAgo: 3, seconds: 40, error: 'push refused' }], opts.now);
}
