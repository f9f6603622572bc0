import { sql } from 'drizzle-orm';
import type { BuildStats, GroupNumbers, PeriodNumbers, ReportPeriod, ReportScope, Trend } from '../templates/report/build-stats.js';
import { rowsOf, type Database, type Transaction } from './database.js';
import { withCrossTenantRead, withTenant } from './with-tenant.js';

/** The projects to count, by id, and the tenants they belong to (as policies/report-scope.ts decided). */
export interface StatsProjects {
  tenantIds: string[];
  projectIds: string[];
}

/**
 * Reads a scope's projects: inside their one tenant (withTenant), or across tenants (withCrossTenantRead)
 * when the scope spans several, which policies/report-scope.ts allows only for the cross-tenant roles.
 */
export function readScoped<T>(db: Database, tenantIds: readonly string[], fn: (tx: Transaction) => Promise<T>): Promise<T> {
  return tenantIds.length === 1 ? withTenant(db, tenantIds[0], fn) : withCrossTenantRead(db, fn);
}

/** A Postgres uuid[] literal, one bound parameter (project ids are uuids the database gave). */
export const uuidArray = (ids: readonly string[]) => sql`${`{${ids.join(',')}}`}::uuid[]`;

type Num = number | string | null;
const num = (v: Num): number | null => (v === null ? null : Number(v));
const count = (v: Num): number => Number(v ?? 0);
const rate = (part: number, whole: number) => (whole === 0 ? null : part / whole);

interface PeriodRow { builds: Num; finished: Num; succeeded: Num; failed: Num; cancelled: Num; rejected: Num; expired: Num; avg: Num; p95: Num }
interface GroupRow { key: string; builds: Num; succeeded: Num; finished: Num; avg: Num }

function periodNumbers(r: PeriodRow | undefined): PeriodNumbers {
  const builds = count(r?.builds ?? null);
  const finished = count(r?.finished ?? null);
  const succeeded = count(r?.succeeded ?? null);
  return {
    builds, finished, succeeded,
    failed: count(r?.failed ?? null), cancelled: count(r?.cancelled ?? null), rejected: count(r?.rejected ?? null), expired: count(r?.expired ?? null),
    inProgress: builds - finished,
    successRate: rate(succeeded, finished),
    averageSeconds: num(r?.avg ?? null),
    p95Seconds: num(r?.p95 ?? null),
  };
}

function groups(rows: GroupRow[], total: number): GroupNumbers[] {
  return rows.map((r) => {
    const finished = count(r.finished);
    const succeeded = count(r.succeeded);
    return { key: r.key, builds: count(r.builds), succeeded, finished, successRate: rate(succeeded, finished), averageSeconds: num(r.avg), share: total === 0 ? 0 : count(r.builds) / total };
  });
}

/** The trend of `current` against `previous`. Pure. */
function trendOf(current: PeriodNumbers, previous: PeriodNumbers): Trend {
  const diff = (a: number | null, b: number | null) => (a === null || b === null ? null : a - b);
  return {
    builds: current.builds - previous.builds,
    buildsPercent: previous.builds === 0 ? null : ((current.builds - previous.builds) / previous.builds) * 100,
    successRate: diff(current.successRate, previous.successRate),
    averageSeconds: diff(current.averageSeconds, previous.averageSeconds),
    p95Seconds: diff(current.p95Seconds, previous.p95Seconds),
  };
}

/**
 * The statement every number comes from: the builds of both periods read once (`b`), the time each waited
 * for a person (`waits`), then one JSON object of aggregates. Build time is finished − started − waits.
 */
function statsQuery(projects: StatsProjects, period: ReportPeriod, previousSince: string) {
  const ids = uuidArray(projects.projectIds);
  const tenants = sql`${`{${projects.tenantIds.join(',')}}`}::text[]`;
  const since = sql`${period.since}::timestamptz`;
  const until = sql`${period.until}::timestamptz`;
  const totals = (where: string) => sql.raw(`(SELECT json_build_object(
        'builds', count(*), 'finished', count(*) FILTER (WHERE final), 'succeeded', count(*) FILTER (WHERE status = 'succeeded'),
        'failed', count(*) FILTER (WHERE status = 'failed'), 'cancelled', count(*) FILTER (WHERE status = 'cancelled'),
        'rejected', count(*) FILTER (WHERE status = 'rejected'), 'expired', count(*) FILTER (WHERE status = 'expired'),
        'avg', avg(seconds), 'p95', percentile_cont(0.95) WITHIN GROUP (ORDER BY seconds)) FROM d WHERE ${where})`);
  const grouped = (column: string) => sql.raw(`(SELECT coalesce(json_agg(g ORDER BY g.builds DESC, g.key), '[]') FROM (
        SELECT ${column} AS key, count(*) AS builds, count(*) FILTER (WHERE status = 'succeeded') AS succeeded,
               count(*) FILTER (WHERE final) AS finished, avg(seconds) AS avg
        FROM d WHERE cur GROUP BY ${column}) g)`);
  return sql`
    WITH b AS MATERIALIZED (
      SELECT id, tenant_id, status, method, author_login, error, started_at, finished_at, started_at >= ${since} AS cur,
             status IN ('succeeded', 'failed', 'cancelled', 'rejected', 'expired') AS final
      FROM builds
      WHERE tenant_id = ANY(${tenants}) AND project_id = ANY(${ids}) AND started_at >= ${previousSince}::timestamptz AND started_at < ${until}
    ),
    steps AS MATERIALIZED (
      SELECT s.build_id, s.name, s.status, s.started_at, s.finished_at
      FROM build_steps s JOIN b ON b.tenant_id = s.tenant_id AND b.id = s.build_id
      WHERE s.name IN ('quarantine', 'approval') OR s.status = 'failed'
    ),
    per AS (
      SELECT build_id,
             sum(extract(epoch FROM coalesce(finished_at, ${until}) - started_at)) FILTER (WHERE name IN ('quarantine', 'approval')) AS wait,
             max(name) FILTER (WHERE status = 'failed') AS failed_step,
             max(started_at) FILTER (WHERE name = 'approval') AS asked
      FROM steps GROUP BY build_id
    ),
    d AS MATERIALIZED (
      SELECT b.*, p.failed_step, p.asked, CASE WHEN b.final AND b.finished_at IS NOT NULL
               THEN greatest(0, extract(epoch FROM b.finished_at - b.started_at) - coalesce(p.wait, 0)) END AS seconds
      FROM b LEFT JOIN per p ON p.build_id = b.id
    ),
    appr AS MATERIALIZED (
      SELECT x.*, x.approved_at IS NOT NULL AND x.status NOT IN ('awaiting_approval', 'rejected', 'expired', 'cancelled') AS ok
      FROM (SELECT d.status, d.asked, max(a.at) AS approved_at
            FROM d LEFT JOIN approvals a ON a.tenant_id = d.tenant_id AND a.build_id = d.id AND a.decision = 'approve' AND a.at >= d.asked
            WHERE d.cur AND d.asked IS NOT NULL GROUP BY d.id, d.status, d.asked) x
    ),
    q AS (
      SELECT q.status, extract(epoch FROM q.decided_at - q.created_at) AS seconds
      FROM quarantines q JOIN d ON d.tenant_id = q.tenant_id AND d.id = q.build_id WHERE d.cur
    )
    SELECT json_build_object(
      'current', ${totals('cur')},
      'previous', ${totals('NOT cur')},
      'perDay', (SELECT coalesce(json_agg(x ORDER BY x.day), '[]') FROM (
        SELECT to_char(day, 'YYYY-MM-DD') AS day, count(d.id) AS builds, count(d.id) FILTER (WHERE d.status = 'succeeded') AS succeeded,
               count(d.id) FILTER (WHERE d.status = 'failed') AS failed
        FROM generate_series(date_trunc('day', ${since} AT TIME ZONE 'UTC'), (${until} - interval '1 microsecond') AT TIME ZONE 'UTC', interval '1 day') AS day
        LEFT JOIN d ON d.cur AND date_trunc('day', d.started_at AT TIME ZONE 'UTC') = day
        GROUP BY day) x),
      'failureReasons', (SELECT coalesce(json_agg(f ORDER BY f.count DESC, f.reason), '[]') FROM (
        SELECT coalesce(nullif(left(trim(split_part(d.error, E'\n', 1)), 160), ''), 'no error recorded') AS reason, d.failed_step AS step, count(*) AS count
        FROM d WHERE d.cur AND d.status = 'failed' GROUP BY 1, 2 ORDER BY 3 DESC, 1 LIMIT 5) f),
      'byMethod', ${grouped('method')},
      'byMember', ${grouped('author_login')},
      'quarantines', (SELECT json_build_object(
        'held', count(*), 'released', count(*) FILTER (WHERE status = 'released'), 'rejected', count(*) FILTER (WHERE status = 'rejected'),
        'avg', avg(seconds) FILTER (WHERE status = 'released'),
        'p95', percentile_cont(0.95) WITHIN GROUP (ORDER BY seconds) FILTER (WHERE status = 'released')) FROM q),
      'approvals', (SELECT json_build_object(
        'requested', count(*),
        'approved', count(*) FILTER (WHERE ok),
        'rejected', count(*) FILTER (WHERE status = 'rejected'), 'expired', count(*) FILTER (WHERE status = 'expired'),
        'waiting', count(*) FILTER (WHERE status = 'awaiting_approval'),
        'avg', avg(extract(epoch FROM approved_at - asked)) FILTER (WHERE ok),
        'p95', percentile_cont(0.95) WITHIN GROUP (ORDER BY extract(epoch FROM approved_at - asked)) FILTER (WHERE ok)) FROM appr)
    ) AS stats`;
}

interface StatsRow {
  current: PeriodRow;
  previous: PeriodRow;
  perDay: { day: string; builds: Num; succeeded: Num; failed: Num }[];
  failureReasons: { reason: string; step: string | null; count: Num }[];
  byMethod: GroupRow[];
  byMember: GroupRow[];
  quarantines: { held: Num; released: Num; rejected: Num; avg: Num; p95: Num };
  approvals: { requested: Num; approved: Num; rejected: Num; expired: Num; waiting: Num; avg: Num; p95: Num };
}

/**
 * The numbers of `period` over the projects given, with the period of the same length before it for the
 * trend: one SQL statement of aggregates (no row reaches this process but the answer). Builds count in
 * the period they were started in; their quarantines and approvals with them.
 */
export async function readBuildStats(db: Database, projects: StatsProjects, period: ReportPeriod, scope: ReportScope): Promise<BuildStats> {
  const length = Date.parse(period.until) - Date.parse(period.since);
  const previousSince = new Date(Date.parse(period.since) - length).toISOString();
  const raw: StatsRow | undefined =
    projects.projectIds.length === 0
      ? undefined
      : await readScoped(db, projects.tenantIds, async (tx) => {
          // Postgres would compile this one-off statement to machine code past its cost threshold: 1.3 s
          // of compiling for a 0.3 s query over 100,000 builds (scripts/bench/report.ts).
          await tx.execute(sql`SET LOCAL jit = off`);
          return rowsOf<{ stats: StatsRow }>(await tx.execute(statsQuery(projects, period, previousSince)))[0]?.stats;
        });
  const current = periodNumbers(raw?.current);
  const previous = periodNumbers(raw?.previous);
  const q = raw?.quarantines;
  const a = raw?.approvals;
  return {
    period,
    previousPeriod: { since: previousSince, until: period.since },
    scope,
    current,
    previous,
    trend: trendOf(current, previous),
    perDay: (raw?.perDay ?? []).map((d) => ({ day: d.day, builds: count(d.builds), succeeded: count(d.succeeded), failed: count(d.failed), other: count(d.builds) - count(d.succeeded) - count(d.failed) })),
    failureReasons: (raw?.failureReasons ?? []).map((f) => ({ reason: f.reason, step: f.step, count: count(f.count) })),
    byMethod: groups(raw?.byMethod ?? [], current.builds),
    byMember: groups(raw?.byMember ?? [], current.builds),
    quarantines: {
      held: count(q?.held ?? null), released: count(q?.released ?? null), rejected: count(q?.rejected ?? null),
      waiting: count(q?.held ?? null) - count(q?.released ?? null) - count(q?.rejected ?? null),
      averageSecondsToRelease: num(q?.avg ?? null), p95SecondsToRelease: num(q?.p95 ?? null),
    },
    approvals: {
      requested: count(a?.requested ?? null), approved: count(a?.approved ?? null), rejected: count(a?.rejected ?? null), expired: count(a?.expired ?? null), waiting: count(a?.waiting ?? null),
      averageSecondsToApprove: num(a?.avg ?? null), p95SecondsToApprove: num(a?.p95 ?? null),
    },
  };
}
