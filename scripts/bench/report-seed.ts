// Builds for the report benchmark, made inside Postgres with generate_series (as the owner): N builds of one
// tenant over 60 days in 4 projects, by 12 members and 3 methods, about 80% succeeded and 12% failed, each
// with its steps; one in 20 quarantined (most released), one in 10 waiting for approval first (most approved).
import pg from 'pg';

export async function seedReportBuilds(ownerUrl: string, opts: { tenantId: string; builds: number; until: Date }): Promise<string[]> {
  const c = new pg.Client({ connectionString: ownerUrl });
  await c.connect();
  try {
    const t = opts.tenantId;
    await c.query(`INSERT INTO tenants (id, name) VALUES ($1, $1) ON CONFLICT DO NOTHING`, [t]);
    const { rows } = await c.query<{ id: string }>(
      `INSERT INTO projects (tenant_id, repository) SELECT $1, 'acme/app-' || i FROM generate_series(1, 4) i RETURNING id`, [t]);
    const ids = rows.map((r) => r.id);
    await c.query(
      `INSERT INTO builds (id, tenant_id, project_id, image, commit_sha, ref, method, status, author_login, trigger, error, started_at, finished_at, created_at, updated_at)
       SELECT 'bench/' || i, $1, ($2::uuid[])[1 + i % 4], 'web', md5(i::text), 'refs/heads/main',
              (ARRAY['dockerfile', 'buildx', 'kaniko'])[1 + i % 3],
              CASE WHEN i % 100 < 80 THEN 'succeeded' WHEN i % 100 < 92 THEN 'failed' WHEN i % 100 < 96 THEN 'cancelled' WHEN i % 100 < 98 THEN 'rejected' ELSE 'building' END,
              'member' || (i % 12), 'push',
              CASE WHEN i % 100 BETWEEN 80 AND 91 THEN (ARRAY['The command ''/bin/sh -c make'' returned a non-zero code: 2', 'push refused: 401 Unauthorized', 'scan timed out'])[1 + i % 3] END,
              at, CASE WHEN i % 100 < 98 THEN at + (60 + i % 600) * interval '1 second' + CASE WHEN i % 10 = 1 THEN interval '3 hours' WHEN i % 20 = 0 THEN interval '2 hours' ELSE interval '0' END END, at, at
       FROM (SELECT i, $3::timestamptz - (i::float / $4) * interval '60 days' AS at FROM generate_series(1, $4) i) s`,
      [t, `{${ids.join(',')}}`, opts.until.toISOString(), opts.builds],
    );
    await c.query(
      `INSERT INTO build_steps (tenant_id, build_id, name, status, started_at, finished_at)
       SELECT b.tenant_id, b.id, step, CASE WHEN b.status = 'failed' AND step = 'build' THEN 'failed' ELSE 'succeeded' END, b.started_at, b.finished_at
       FROM builds b, unnest(ARRAY['build', 'scan', 'promote']) step WHERE b.tenant_id = $1`, [t]);
    await c.query(
      `INSERT INTO quarantines (tenant_id, build_id, reason, findings, status, decided_by, decided_at, created_at)
       SELECT tenant_id, id, '1 CRITICAL', '[]', CASE WHEN substr(id, 7)::int % 3 = 0 THEN 'rejected' ELSE 'released' END, 'sam', started_at + interval '2 hours 1 minute', started_at + interval '1 minute'
       FROM builds WHERE tenant_id = $1 AND substr(id, 7)::int % 20 = 0`, [t]);
    await c.query(
      `INSERT INTO build_steps (tenant_id, build_id, name, status, started_at, finished_at)
       SELECT tenant_id, id, 'quarantine', 'succeeded', started_at + interval '1 minute', started_at + interval '2 hours 1 minute'
       FROM builds WHERE tenant_id = $1 AND substr(id, 7)::int % 20 = 0`, [t]);
    await c.query(
      `INSERT INTO build_steps (tenant_id, build_id, name, status, started_at, finished_at)
       SELECT tenant_id, id, 'approval', 'succeeded', started_at + interval '1 minute', started_at + interval '3 hours 1 minute'
       FROM builds WHERE tenant_id = $1 AND substr(id, 7)::int % 10 = 1`, [t]);
    await c.query(
      `INSERT INTO approvals (tenant_id, build_id, decision, actor_login, at)
       SELECT tenant_id, id, 'approve', 'sue', started_at + interval '3 hours 1 minute' FROM builds WHERE tenant_id = $1 AND substr(id, 7)::int % 10 = 1`, [t]);
    await c.query('ANALYZE');
    return ids;
  } finally {
    await c.end();
  }
}
