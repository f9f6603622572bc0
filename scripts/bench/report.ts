// A report over 100,000 builds (goal: at most 1 s), beside the raw aggregate in SQL on the same database in
// the same run: `imagefactory report --since 30d --format json` in process (who reads, the scope, the
// numbers, the JSON) against one psql-style count/avg/percentile query over the same builds; the PDF with
// its charts is timed too.
import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import pg from 'pg';
import { runReport } from '../../cli/commands/report.js';
import { bufferIo } from '../../cli/io.js';
import { createTestDatabase } from '../../test/helpers/test-database.js';
import { seedReportBuilds } from './report-seed.js';

const BUILDS = Number(process.env.BENCH_REPORT_BUILDS ?? 100_000);
const RUNS = 5;
const GOAL_S = 1;

const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];

async function timed(fn: () => Promise<unknown>): Promise<number> {
  await fn();
  const runs: number[] = [];
  for (let i = 0; i < RUNS; i++) {
    const t0 = performance.now();
    await fn();
    runs.push((performance.now() - t0) / 1000);
  }
  return median(runs);
}

export async function benchReport(): Promise<boolean> {
  const database = await createTestDatabase('bench_report');
  const dir = await mkdtemp(path.join(os.tmpdir(), 'imagefactory-bench-report-'));
  const raw = new pg.Client({ connectionString: database.ownerUrl });
  try {
    const now = new Date();
    // 2 x BUILDS over 60 days: BUILDS in the report's 30 days, as many in the 30 days before (its trend).
    const t0 = performance.now();
    const ids = await seedReportBuilds(database.ownerUrl, { tenantId: 'local', builds: 2 * BUILDS, until: now });
    console.log(`seeded ${2 * BUILDS} builds (${BUILDS} in the last 30 days) in ${((performance.now() - t0) / 1000).toFixed(1)} s`);
    const env = { ...process.env, TEMPORAL_ADDRESS: undefined, GITHUB_TOKEN: undefined, DATABASE_URL: database.url, DATABASE_OWNER_URL: database.ownerUrl, IMAGEFACTORY_USER: 'bench', IMAGEFACTORY_TENANT_CONFIG: undefined, LOG_LEVEL: 'silent' };
    let counted = 0;
    const report = async (format: 'json' | 'pdf') => {
      const io = bufferIo();
      const code = await runReport({ since: '30d', format, ...(format === 'pdf' ? { output: path.join(dir, 'r.pdf') } : {}) }, io, env, now);
      if (code !== 0) throw new Error(`imagefactory report exited ${code}: ${io.stderr}`);
      if (format === 'json') counted = (JSON.parse(io.stdout) as { stats: { current: { builds: number } } }).stats.current.builds;
    };
    await raw.connect();
    const sql = `SELECT count(*), count(*) FILTER (WHERE status = 'succeeded'), avg(extract(epoch FROM finished_at - started_at)),
                        percentile_cont(0.95) WITHIN GROUP (ORDER BY extract(epoch FROM finished_at - started_at))
                 FROM builds WHERE tenant_id = 'local' AND project_id = ANY($1::uuid[]) AND started_at >= $2 AND started_at < $3`;
    const since = new Date(now.getTime() - 30 * 86_400_000);
    const rawQuery = async () => raw.query(sql, [`{${ids.join(',')}}`, since, now]);

    const sqlTime = await timed(rawQuery);
    const jsonTime = await timed(() => report('json'));
    const pdfTime = await timed(() => report('pdf'));
    const within = jsonTime <= GOAL_S;
    console.log(`raw SQL (count, success, avg, p95 in one query):      median ${sqlTime.toFixed(3)} s over ${RUNS} runs`);
    console.log(`imagefactory report --since 30d --format json:        median ${jsonTime.toFixed(3)} s over ${RUNS} runs, ${counted} builds (goal ${GOAL_S} s: ${within ? 'met' : 'NOT met'})`);
    console.log(`imagefactory report --since 30d --format pdf (charts): median ${pdfTime.toFixed(3)} s over ${RUNS} runs`);
    return within;
  } finally {
    await raw.end().catch(() => undefined);
    await database.drop();
    await rm(dir, { recursive: true, force: true });
  }
}
