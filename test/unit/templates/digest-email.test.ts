import { describe, expect, it } from '@jest/globals';
import { digestCharts, digestEmail } from '../../../templates/email/digest-email.js';
import { reportPeriod, type BuildStats, type PeriodNumbers } from '../../../templates/report/build-stats.js';
import { reportCharts } from '../../../templates/report/report-charts.js';

const totals = (builds: number, succeeded: number, failed: number): PeriodNumbers => ({
  builds, finished: succeeded + failed, succeeded, failed, cancelled: 0, rejected: 0, expired: 0, inProgress: 0,
  successRate: builds === 0 ? null : succeeded / (succeeded + failed), averageSeconds: builds === 0 ? null : 90, p95Seconds: builds === 0 ? null : 120,
});

/** The numbers of a day: `builds` of them by alice, all with dockerfile. */
function dayOf(builds: number, succeeded: number): BuildStats {
  const period = reportPeriod(new Date('2026-03-03T06:00:00Z'), new Date('2026-03-04T06:00:00Z'), '24h');
  const current = totals(builds, succeeded, builds - succeeded);
  const group = { builds, succeeded, finished: builds, successRate: current.successRate, averageSeconds: current.averageSeconds, share: 1 };
  return {
    period, previousPeriod: { since: '2026-03-02T06:00:00.000Z', until: period.since }, scope: { tenants: ['github:1'], projects: ['acme/api'], label: 'acme/api' },
    current, previous: totals(1, 1, 0), trend: { builds: builds - 1, buildsPercent: (builds - 1) * 100, successRate: current.successRate === null ? null : current.successRate - 1, averageSeconds: 0, p95Seconds: 0 },
    perDay: [{ day: '2026-03-03', builds, succeeded, failed: builds - succeeded, other: 0 }, { day: '2026-03-04', builds: 0, succeeded: 0, failed: 0, other: 0 }],
    failureReasons: builds > succeeded ? [{ reason: 'RUN make: exit 2', step: 'build', count: builds - succeeded }] : [],
    byMethod: builds ? [{ key: 'dockerfile', ...group }] : [], byMember: builds ? [{ key: 'alice', ...group }] : [],
    quarantines: { held: 0, released: 0, rejected: 0, waiting: 0, averageSecondsToRelease: null, p95SecondsToRelease: null },
    approvals: { requested: 0, approved: 0, rejected: 0, expired: 0, waiting: 0, averageSecondsToApprove: null, p95SecondsToApprove: null },
  };
}

const view = (stats: BuildStats) => ({ cadence: 'daily' as const, stats, when: 'every day at 06:00 UTC', configuredIn: "acme/api's .imagefactory.yml", charts: digestCharts(stats, reportCharts(stats)).map((c) => ({ id: c.id, title: c.title, cid: `${c.id}@x`, width: 580, height: 120 })) });

describe('the digest email', () => {
  it('says the numbers and the trend in its subject and lead, the charts in HTML only, and how to stop it', () => {
    const mail = digestEmail(view(dayOf(4, 3)));
    expect(mail.subject).toBe('[imagefactory] daily digest of acme/api: 4 builds, 75.0% succeeded');
    expect(mail.text).toMatch(/^acme\/api, the last 24h \(2026-03-03 06:00 UTC to 2026-03-04 06:00 UTC\): 4 builds \(\+3 \(\+300\.0%\) on the day before\), 75\.0% succeeded \(-25\.0 pts\), average 1m 30s, p95 2m 00s\./);
    // A day: no per-day chart nor table.
    expect([...mail.html.matchAll(/<img src="cid:([^"]+)"/g)].map((m) => m[1])).toEqual(['builds-by-member@x', 'builds-by-method@x', 'failure-reasons@x']);
    expect(mail.text).not.toContain('Builds per day');
    expect(mail.text).not.toContain('cid:');
    expect(mail.text).toContain('RUN make: exit 2  build  1');
    expect(mail.text).toContain('set notify.email.digest to none there');
  });

  it('of a period without builds has no charts and says so', () => {
    const stats = dayOf(0, 0);
    expect(digestCharts(stats, reportCharts(stats))).toEqual([]);
    const mail = digestEmail(view(stats));
    expect(mail.subject).toBe('[imagefactory] daily digest of acme/api: no builds');
    expect(mail.text).toContain('no builds (1 on the day before)');
    expect(mail.html).not.toContain('<img');
  });
});
