import { sql } from 'drizzle-orm';
import type { PromotedImage, QuarantineOverride } from '../templates/report/compliance-facts.js';
import type { ReportPeriod } from '../templates/report/build-stats.js';
import { readScoped, uuidArray, type StatsProjects } from './build-stats.js';
import { rowsOf } from './database.js';
import type { Database } from './database.js';

export interface AdmittedUnder {
  repository: string;
  tenantConfig: string | null;
  scanPolicy: string | null;
  promotionPolicies: string[];
  builds: number;
}

export interface MappingInForce {
  tenantId: string;
  source: string;
  commit: string;
  acceptedBy: string;
  acceptedAt: string;
}

export interface ComplianceRecords {
  admitted: AdmittedUnder[];
  promoted: PromotedImage[];
  overrides: QuarantineOverride[];
  mappings: MappingInForce[];
}

const iso = (v: Date | string | null) => (v === null ? null : new Date(v).toISOString());

/**
 * The records a compliance report states about the builds started in the period in the projects given:
 * the policies each was admitted under (its allowed `build.requested` event), the images published or
 * promoted (with that policy and who approved), every quarantine released (with the releaser's roles from
 * the `decision.release` event), and the role mappings in force in the tenants. Events are read from
 * `since` on, the time the builds started.
 */
export async function readComplianceRecords(db: Database, projects: StatsProjects, period: ReportPeriod): Promise<ComplianceRecords> {
  if (projects.projectIds.length === 0) return { admitted: [], promoted: [], overrides: [], mappings: [] };
  const ids = uuidArray(projects.projectIds);
  const tenants = sql`${`{${projects.tenantIds.join(',')}}`}::text[]`;
  const since = sql`${period.since}::timestamptz`;
  const until = sql`${period.until}::timestamptz`;
  const scoped = sql`
    WITH b AS MATERIALIZED (
      SELECT b.tenant_id, b.id, b.image, b.status, b.digest, b.finished_at, p.repository
      FROM builds b JOIN projects p ON p.tenant_id = b.tenant_id AND p.id = b.project_id
      WHERE b.tenant_id = ANY(${tenants}) AND b.project_id = ANY(${ids}) AND b.started_at >= ${since} AND b.started_at < ${until}
    ),
    e AS MATERIALIZED (
      SELECT DISTINCT ON (e.tenant_id, e.build_id, e.action) e.tenant_id, e.build_id, e.action, e.reason, e.actor, e.at, e.data
      FROM audit_events e JOIN b ON b.tenant_id = e.tenant_id AND b.id = e.build_id
      WHERE e.at >= ${since} AND e.action IN ('build.requested', 'build.succeeded', 'decision.release') AND e.decision IS DISTINCT FROM 'deny'
      ORDER BY e.tenant_id, e.build_id, e.action, e.seq DESC
    )`;
  return readScoped(db, projects.tenantIds, async (tx) => {
    const admitted = rowsOf<{ repository: string; tenant_config: string | null; scan: string | null; promotion: string[] | null; builds: number | string }>(
      await tx.execute(sql`${scoped}
        SELECT b.repository, e.data->>'tenant_config' AS tenant_config, e.data->'policies'->>'scan' AS scan,
               ARRAY(SELECT jsonb_array_elements_text(coalesce(e.data->'policies'->'promotion', '[]'))) AS promotion, count(*) AS builds
        FROM b JOIN e ON e.tenant_id = b.tenant_id AND e.build_id = b.id AND e.action = 'build.requested'
        GROUP BY 1, 2, 3, 4 ORDER BY 1, 5 DESC`),
    );
    const promoted = rowsOf<{ repository: string; image: string; id: string; digest: string | null; finished_at: Date | string | null; outcome: string | null; scan: string | null; promotion: string[] | null; approved_by: string[] | null; released: boolean }>(
      await tx.execute(sql`${scoped}
        SELECT b.repository, b.image, b.id, b.digest, b.finished_at, s.reason AS outcome, r.data->'policies'->>'scan' AS scan,
               ARRAY(SELECT jsonb_array_elements_text(coalesce(r.data->'policies'->'promotion', '[]'))) AS promotion,
               ARRAY(SELECT a.actor_login FROM approvals a WHERE a.tenant_id = b.tenant_id AND a.build_id = b.id AND a.decision = 'approve' ORDER BY a.at) AS approved_by,
               EXISTS (SELECT 1 FROM quarantines q WHERE q.tenant_id = b.tenant_id AND q.build_id = b.id AND q.status = 'released') AS released
        FROM b LEFT JOIN e s ON s.tenant_id = b.tenant_id AND s.build_id = b.id AND s.action = 'build.succeeded'
               LEFT JOIN e r ON r.tenant_id = b.tenant_id AND r.build_id = b.id AND r.action = 'build.requested'
        WHERE b.status = 'succeeded' ORDER BY b.finished_at, b.id`),
    );
    const overrides = rowsOf<{ repository: string; image: string; id: string; held: string; by: string; roles: string[] | null; at: Date | string | null; reason: string | null }>(
      await tx.execute(sql`${scoped}
        SELECT b.repository, b.image, b.id, q.reason AS held, q.decided_by AS by, q.decided_at AS at, q.decision_reason AS reason,
               ARRAY(SELECT jsonb_array_elements_text(coalesce(d.data->'roles', '[]'))) AS roles
        FROM b JOIN quarantines q ON q.tenant_id = b.tenant_id AND q.build_id = b.id
               LEFT JOIN e d ON d.tenant_id = b.tenant_id AND d.build_id = b.id AND d.action = 'decision.release'
        WHERE q.status = 'released' ORDER BY q.decided_at, b.id`),
    );
    const mappings = rowsOf<{ tenant_id: string; source: string; commit_sha: string; accepted_by: string; accepted_at: Date | string }>(
      await tx.execute(sql`SELECT tenant_id, source, commit_sha, accepted_by, accepted_at FROM role_mappings WHERE tenant_id = ANY(${tenants}) ORDER BY tenant_id, source`),
    );
    return {
      admitted: admitted.map((r) => ({ repository: r.repository, tenantConfig: r.tenant_config, scanPolicy: r.scan, promotionPolicies: r.promotion ?? [], builds: Number(r.builds) })),
      promoted: promoted.map((r) => ({
        repository: r.repository, image: r.image, buildId: r.id, digest: r.digest, at: iso(r.finished_at), outcome: r.outcome,
        scanPolicy: r.scan, promotionPolicies: r.promotion ?? [], approvedBy: r.approved_by ?? [], released: r.released,
      })),
      overrides: overrides.map((r) => ({ repository: r.repository, image: r.image, buildId: r.id, heldBecause: r.held, releasedBy: r.by, roles: r.roles ?? [], at: iso(r.at), reason: r.reason })),
      mappings: mappings.map((r) => ({ tenantId: r.tenant_id, source: r.source, commit: r.commit_sha, acceptedBy: r.accepted_by, acceptedAt: new Date(r.accepted_at).toISOString() })),
    };
  });
}
