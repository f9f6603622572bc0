import type { KeyObject } from 'node:crypto';
import { readBuildStats, type StatsProjects } from '../db/build-stats.js';
import { readComplianceRecords } from '../db/compliance-records.js';
import type { Database } from '../db/database.js';
import { reportProjects } from '../db/report-projects.js';
import { verifyAuditChain } from '../db/verify-audit-chain.js';
import { verifyAuditCheckpoints } from '../db/verify-audit-checkpoints.js';
import type { ActorRef } from '../policies/actor.js';
import { REPORT_ACTION, reportScope, scopeLabel, type ReportKind, type ScopedProject } from '../policies/report-scope.js';
import type { ActorResolver } from '../roles/actor-resolver.js';
import { projectMappingSource, tenantMappingSource } from '../roles/mapping-source.js';
import type { BuildStats, ReportPeriod, ReportScope } from '../templates/report/build-stats.js';
import type { ChainCheck, ComplianceFacts, ProjectPolicies } from '../templates/report/compliance-facts.js';
import { recordRefusal } from './record-refusal.js';

export interface ReportDeps {
  db: Database;
  resolver: ActorResolver;
}

export interface ReportRequest {
  /** Who reads: the CLI's user or the commenter. Their rights decide the scope. */
  reader: ActorRef;
  period: ReportPeriod;
  /** `owner/name`: this project only. */
  project?: string;
  /** The tenant the request comes from (an installation of the App); none: the operator's CLI, every tenant. */
  tenantId?: string;
  kind: ReportKind;
  /** For a compliance report: the keys the audit checkpoints are verified with (none: a note says so). */
  publicKeys?: { key: KeyObject; keyId: string }[];
  /** Where the request came from, for the audit trail of a refusal (`/report`, `imagefactory report`). */
  command: string;
  now: Date;
}

export type ReportOutcome =
  | { ok: true; stats: BuildStats; compliance?: ComplianceFacts; projects: ScopedProject[] }
  | { ok: false; reason: string; kind: 'refused' | 'unknown' };

const AUDIT_ACTION: Record<ReportKind, string> = { stats: 'report.viewed', compliance: 'report.compliance' };

function scopeOf(projects: readonly ScopedProject[]): { ids: StatsProjects; scope: ReportScope } {
  const tenants = [...new Set(projects.map((p) => p.tenantId))].sort();
  return {
    ids: { tenantIds: tenants, projectIds: projects.map((p) => p.projectId) },
    scope: { tenants, projects: projects.map((p) => p.repository).sort(), label: scopeLabel(projects) },
  };
}

/**
 * A report as the reader may see it, for every channel (the CLI's `imagefactory report`, the App's
 * `/report`): the candidate projects, the reader resolved in each from the mappings in force, the scope
 * decided by policies/report-scope.ts, then the numbers (db/build-stats.ts) and, for a compliance report,
 * the audit chain's verification and the compliance records. A refusal is audited and says who may.
 */
export async function buildReport(deps: ReportDeps, request: ReportRequest): Promise<ReportOutcome> {
  const candidates = await reportProjects(deps.db, { tenantId: request.tenantId, repository: request.project });
  if (candidates.length === 0) {
    return { ok: false, kind: 'unknown', reason: request.project ? `no project ${request.project} has builds recorded` : 'no project has builds recorded yet' };
  }
  const resolved = await Promise.all(
    candidates.map(async (c) => ({ ...c, reader: await deps.resolver.resolve({ tenantId: c.tenantId, repository: c.repository }, request.reader) })),
  );
  const decided = reportScope({ kind: request.kind, candidates: resolved, now: request.now });
  if (decided.allowed.length === 0) {
    const first = decided.refused[0];
    for (const tenantId of new Set(decided.refused.map((r) => r.tenantId))) {
      const refused = decided.refused.filter((r) => r.tenantId === tenantId);
      await recordRefusal(deps.db, {
        tenantId, actor: request.reader.login, action: AUDIT_ACTION[request.kind], project: request.project ?? (refused.length === 1 ? refused[0].repository : undefined),
        reason: refused[0].reason, source: refused[0].source,
        data: { command: request.command, channel: request.reader.channel, since: request.period.since, until: request.period.until, projects: refused.map((r) => r.repository), action: REPORT_ACTION[request.kind] },
      });
    }
    const where = request.project ?? (decided.refused.length === 1 ? first.repository : `any of the ${decided.refused.length} projects`);
    return { ok: false, kind: 'refused', reason: `@${request.reader.login} may not see the ${request.kind === 'compliance' ? 'compliance report' : 'numbers'} of ${where}: ${first.reason}` };
  }
  const { ids, scope } = scopeOf(decided.allowed);
  const stats = await readBuildStats(deps.db, ids, request.period, scope);
  if (request.kind !== 'compliance') return { ok: true, stats, projects: decided.allowed };
  return { ok: true, stats, projects: decided.allowed, compliance: await complianceFacts(deps.db, request, decided.allowed, ids, scope) };
}

async function chainCheck(db: Database, tenantId: string, publicKeys: ReportRequest['publicKeys']): Promise<ChainCheck> {
  const chain = await verifyAuditChain(db, { tenantId });
  const keys = publicKeys ?? [];
  const checkpoints = await verifyAuditCheckpoints(db, { tenantId, publicKeys: keys });
  const note =
    keys.length === 0 && checkpoints.checked > 0 ? 'checkpoints not verified: no public key to verify them with'
    : checkpoints.uncovered.length > 0 ? 'no signed checkpoint yet (the schedule signs moved chain heads every IMAGEFACTORY_CHECKPOINT_INTERVAL)'
    : undefined;
  return {
    tenantId,
    chainVerified: chain.ok,
    rowsChecked: chain.checked,
    ...(chain.ok ? {} : { firstBroken: `seq ${chain.firstBroken.seq}: ${chain.firstBroken.reason}: ${chain.firstBroken.detail}` }),
    checkpoints: checkpoints.checked,
    checkpointProblems: keys.length === 0 ? [] : checkpoints.problems.map((p) => `${p.kind}: ${p.detail}`),
    ...(note ? { note } : {}),
  };
}

async function complianceFacts(db: Database, request: ReportRequest, projects: ScopedProject[], ids: StatsProjects, scope: ReportScope): Promise<ComplianceFacts> {
  const records = await readComplianceRecords(db, ids, request.period);
  const chains = [];
  for (const tenantId of ids.tenantIds) chains.push(await chainCheck(db, tenantId, request.publicKeys));
  const uniq = (xs: (string | null)[]) => [...new Set(xs.filter((x): x is string => x !== null))];
  const policies: ProjectPolicies[] = projects.map((p) => {
    const admitted = records.admitted.filter((a) => a.repository === p.repository);
    const [owner, repo] = p.repository.split('/');
    const sources = new Map([[tenantMappingSource(owner).id, 'tenant.yml'], [repo === undefined ? '' : projectMappingSource({ owner, repo }).id, `${p.repository} .imagefactory.yml roles:`]]);
    return {
      repository: p.repository,
      tenantConfig: uniq(admitted.map((a) => a.tenantConfig)),
      scanPolicies: uniq(admitted.map((a) => a.scanPolicy)),
      promotionPolicies: uniq(admitted.flatMap((a) => a.promotionPolicies)),
      buildsAdmitted: admitted.reduce((n, a) => n + a.builds, 0),
      mappings: records.mappings
        .filter((m) => m.tenantId === p.tenantId && sources.has(m.source))
        .map((m) => ({ file: sources.get(m.source)!, commit: m.commit, acceptedBy: m.acceptedBy, acceptedAt: m.acceptedAt })),
    };
  });
  return { period: request.period, scope, chains, policies, promoted: records.promoted, overrides: records.overrides };
}
