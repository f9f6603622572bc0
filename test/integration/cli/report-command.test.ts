import { execFileSync } from 'node:child_process';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { and, eq } from 'drizzle-orm';
import { PNG } from 'pngjs';
import { runReport } from '../../../cli/commands/report.js';
import { bufferIo } from '../../../cli/io.js';
import { auditEvents } from '../../../db/schema/index.js';
import { withCrossTenantRead } from '../../../db/with-tenant.js';
import type { BuildStats } from '../../../templates/report/build-stats.js';
import type { ComplianceFacts } from '../../../templates/report/compliance-facts.js';
import { reportCharts } from '../../../templates/report/report-charts.js';
import { renderCharts } from '../../../templates/report/render-chart.js';
import { createTestDatabase, type TestDatabase } from '../../helpers/test-database.js';
import { connect, type TestDb } from '../db/db-fixtures.js';
import { parseCsv } from '../db/parse-csv.js';
import { seedReportFixture } from './report-fixture.js';

// Known numbers: a database of its own, so no other file's builds count.
let database: TestDatabase;
let t: TestDb;
let dir: string;
let env: Record<string, string | undefined>;
const now = new Date();
const tenantA = 'github:7101';
const tenantB = 'github:7102';

beforeAll(async () => {
  database = await createTestDatabase('report_command');
  t = connect(database);
  dir = await mkdtemp(path.join(os.tmpdir(), 'imagefactory-report-'));
  await seedReportFixture(t.db, { tenantA, tenantB, now });
  // The embedded local stack: the CLI reads as --as LOGIN; gail holds the system role global-auditor.
  env = { ...process.env, TEMPORAL_ADDRESS: undefined, GITHUB_TOKEN: undefined, DATABASE_URL: database.url, DATABASE_OWNER_URL: database.ownerUrl, IMAGEFACTORY_SYSTEM_ROLES: 'gail=global-auditor', LOG_LEVEL: 'silent' };
});
afterAll(async () => {
  await t?.close();
  await database?.drop();
  await rm(dir, { recursive: true, force: true });
});

async function report(args: Parameters<typeof runReport>[0]) {
  const io = bufferIo();
  const code = await runReport(args, io, env, now);
  return { code, ...io };
}

async function jsonStats(args: Parameters<typeof runReport>[0]): Promise<BuildStats> {
  const r = await report({ ...args, format: 'json' });
  expect(r.stderr).toBe('');
  expect(r.code).toBe(0);
  return (JSON.parse(r.stdout) as { stats: BuildStats }).stats;
}

describe('imagefactory report', () => {
  it('gives a viewer the numbers of their project, each as the builds rows say (JSON)', async () => {
    const s = await jsonStats({ as: 'vera', since: '30d' });
    expect(s.scope).toEqual({ tenants: [tenantA], projects: ['acme/api'], label: 'acme/api' });
    expect(s.current).toEqual({ builds: 7, finished: 6, succeeded: 3, failed: 2, cancelled: 0, rejected: 1, expired: 0, inProgress: 1, successRate: 0.5, averageSeconds: 125, p95Seconds: 270 });
    expect(s.previous).toMatchObject({ builds: 2, succeeded: 1, failed: 1, successRate: 0.5, averageSeconds: 75, p95Seconds: 97.5 });
    expect(s.trend).toEqual({ builds: 5, buildsPercent: 250, successRate: 0, averageSeconds: 50, p95Seconds: 172.5 });
    expect(s.perDay.length).toBeGreaterThanOrEqual(30);
    expect(s.perDay.reduce((n, d) => n + d.builds, 0)).toBe(7);
    expect(s.perDay.find((d) => d.builds === 2 && d.succeeded === 2)).toBeDefined();
    expect(s.failureReasons).toEqual([{ reason: 'RUN make: exit 2', step: 'build', count: 2 }]);
    expect(s.byMethod.map((g) => [g.key, g.builds, g.succeeded, g.successRate])).toEqual([['dockerfile', 5, 2, 0.4], ['buildx', 2, 1, 1]]);
    expect(s.byMember.map((g) => [g.key, g.builds, g.successRate])).toEqual([['alice', 4, 2 / 3], ['bob', 2, 0], ['carol', 1, 1]]);
    expect(s.quarantines).toEqual({ held: 2, released: 1, rejected: 1, waiting: 0, averageSecondsToRelease: 3600, p95SecondsToRelease: 3600 });
    expect(s.approvals).toEqual({ requested: 1, approved: 1, rejected: 0, expired: 0, waiting: 0, averageSecondsToApprove: 300, p95SecondsToApprove: 300 });
  });

  it('gives a global-auditor every project of every tenant, and a viewer asking for another project a refusal, audited', async () => {
    const all = await jsonStats({ as: 'gail', since: '30d' });
    expect(all.scope).toEqual({ tenants: [tenantA, tenantB], projects: ['acme/api', 'acme/web', 'other/svc'], label: '3 projects of 2 tenants' });
    expect(all.current).toMatchObject({ builds: 9, succeeded: 4, failed: 3 });
    expect(all.byMethod.map((g) => g.key)).toEqual(['dockerfile', 'buildx', 'kaniko']);
    const refused = await report({ as: 'vera', project: 'acme/web', format: 'json' });
    expect(refused.code).toBe(1);
    expect(refused.stdout).toBe('');
    expect(refused.stderr).toMatch(/@vera may not see the numbers of acme\/web: .*view project statistics.*allowed for .*global-auditor/);
    const stranger = await report({ as: 'nobody', format: 'table' });
    expect(stranger.code).toBe(1);
    const audited = await withCrossTenantRead(t.db, (tx) => tx.select().from(auditEvents).where(and(eq(auditEvents.action, 'report.viewed'), eq(auditEvents.decision, 'deny'))));
    expect(audited.map((e) => `${e.tenantId} ${e.actor}`).sort()).toEqual([`${tenantA} nobody`, `${tenantA} vera`, `${tenantB} nobody`]);
  });

  it('says the same numbers in CSV and as a table', async () => {
    const csv = await report({ as: 'vera', format: 'csv' });
    expect(csv.code).toBe(0);
    const [header, ...rows] = parseCsv(csv.stdout);
    expect(header).toEqual(['section', 'key', 'metric', 'value']);
    const value = (section: string, key: string, metric: string) => rows.find((r) => r[0] === section && (r[1] ?? '') === key && r[2] === metric)?.[3];
    expect([value('totals', 'current', 'builds'), value('totals', 'current', 'success_rate'), value('totals', 'current', 'average_seconds'), value('totals', 'current', 'p95_seconds')]).toEqual(['7', '0.5', '125', '270']);
    expect([value('totals', 'previous', 'builds'), value('trend', '', 'builds_percent')]).toEqual(['2', '250']);
    expect(value('failure_reason', 'RUN make: exit 2', 'builds')).toBe('2');
    expect([value('by_member', 'alice', 'builds'), value('by_method', 'buildx', 'success_rate')]).toEqual(['4', '1']);
    expect([value('quarantines', '', 'released'), value('quarantines', '', 'average_seconds_to_release'), value('approvals', '', 'average_seconds_to_approve')]).toEqual(['1', '3600', '300']);
    const table = await report({ as: 'vera', format: 'table' });
    expect(table.stdout).toMatch(/^Build report: acme\/api, the last 30d \(/);
    expect(table.stdout).toMatch(/^builds +7 +2 +\+5 \(\+250\.0%\)$/m);
    expect(table.stdout).toMatch(/^success rate +50\.0% +50\.0% +±0\.0 pts$/m);
    expect(table.stdout).toMatch(/^p95 duration +4m 30s +1m 38s/m);
  });

  it('writes a PDF that opens and shows the same numbers, with charts that are real images', async () => {
    const file = path.join(dir, 'report.pdf');
    const r = await report({ as: 'vera', format: 'pdf', output: file });
    expect(r.code).toBe(0);
    expect(r.stderr).toContain(`report of acme/api (7 builds) to ${file}`);
    expect((await readFile(file)).subarray(0, 5).toString()).toBe('%PDF-');
    const text = execFileSync('pdftotext', ['-layout', file, '-'], { encoding: 'utf8' });
    expect(text).toMatch(/builds +7 +2 +\+5 \(\+250\.0%\)/);
    expect(text).toMatch(/success rate +50\.0% +50\.0%/);
    expect(text).toMatch(/average duration +2m 05s +1m 15s/);
    expect(text).toMatch(/RUN make: exit 2 +build +2/);
    expect(text).toMatch(/alice +4 +57\.1% +2 +66\.7%/);
    const images = execFileSync('pdfimages', ['-list', file], { encoding: 'utf8' }).trim().split('\n').slice(2);
    expect(images.length).toBeGreaterThanOrEqual(3);

    const stats = (JSON.parse((await report({ as: 'vera', format: 'json' })).stdout) as { stats: BuildStats }).stats;
    const charts = await renderCharts(reportCharts(stats));
    expect(charts.map((c) => c.id)).toEqual(['builds-per-day', 'builds-by-member', 'builds-by-method', 'failure-reasons']);
    for (const c of charts) {
      const png = PNG.sync.read(c.png);
      expect([png.width, png.height]).toEqual([c.width, c.height]);
      expect(png.width).toBeGreaterThan(600);
      let coloured = 0;
      for (let i = 0; i < png.data.length; i += 4) if (Math.abs(png.data[i] - png.data[i + 1]) > 40 || Math.abs(png.data[i + 1] - png.data[i + 2]) > 40) coloured += 1;
      expect(coloured / (png.width * png.height)).toBeGreaterThan(0.01);
    }
  });

  it('--compliance: the chain verified, the policies, images promoted, and who released what; refused to a viewer', async () => {
    const viewer = await report({ as: 'vera', compliance: true, format: 'json' });
    expect(viewer.code).toBe(1);
    expect(viewer.stderr).toMatch(/@vera may not see the compliance report of any of the 3 projects: viewer may not generate a compliance report/);
    const r = await report({ as: 'gail', compliance: true, project: 'acme/api', format: 'json' });
    expect(r.code).toBe(0);
    const { compliance } = JSON.parse(r.stdout) as { compliance: ComplianceFacts };
    expect(compliance.chains).toEqual([expect.objectContaining({ tenantId: tenantA, chainVerified: true, rowsChecked: expect.any(Number), checkpointProblems: [] })]);
    expect(compliance.policies).toEqual([expect.objectContaining({ repository: 'acme/api', buildsAdmitted: 7, tenantConfig: ['tenant.yml'], scanPolicies: ['default'], promotionPolicies: ['production'] })]);
    expect(compliance.policies[0].mappings.map((m) => m.file)).toEqual(['acme/api .imagefactory.yml roles:']);
    expect(compliance.promoted.map((p) => [p.buildId, p.outcome, p.approvedBy, p.released])).toEqual([
      ['acme/api/api-1', 'promoted to 127.0.0.1:5000/acme/api-prod', [], false],
      ['acme/api/api-2', 'promoted to 127.0.0.1:5000/acme/api-prod', ['sue'], false],
      ['acme/api/api-6', 'promoted to 127.0.0.1:5000/acme/api-prod', [], true],
    ]);
    expect(compliance.overrides).toEqual([expect.objectContaining({ buildId: 'acme/api/api-6', heldBecause: '1 CRITICAL', releasedBy: 'sam', roles: ['security-reviewer'], reason: 'false positive, checked' })]);
    const table = await report({ as: 'gail', compliance: true, project: 'acme/api' });
    expect(table.stdout).toMatch(/^QUARANTINE OVERRIDES \(RELEASES\)\n.*\nacme\/api +app +acme\/api\/api-6 +1 CRITICAL +sam +security-reviewer/m);
  });

  it('refuses bad input with a message naming it', async () => {
    expect((await report({ as: 'vera', since: 'lately' })).stderr).toMatch(/--since "lately" is not valid/);
    expect((await report({ as: 'vera', format: 'pdf' })).stderr).toMatch(/--format pdf needs --output FILE/);
    expect((await report({ as: 'vera', project: 'nope' })).code).toBe(2);
    expect((await report({ as: 'vera', project: 'acme/none' })).stderr).toMatch(/no project acme\/none has builds recorded/);
  });
});
