import type { BuildStats, GroupNumbers } from './build-stats.js';
import { change, duration, percent } from './report-format.js';

/** One table of a report: what the text table, the markdown reply and the PDF all show. */
export interface ReportSection {
  title: string;
  columns: string[];
  /** Right-align these columns (numbers). */
  numeric: number[];
  rows: string[][];
  /** Said instead of an empty table. */
  empty?: string;
}

/** One number of a report, unformatted: what CSV and the tests read. */
export interface ReportRecord {
  section: string;
  key: string;
  metric: string;
  value: number | string | null;
}

const groupRows = (groups: GroupNumbers[]) =>
  groups.map((g) => [g.key, String(g.builds), percent(g.share), String(g.succeeded), percent(g.successRate), duration(g.averageSeconds)]);

/** The report's tables, in order: summary with trend, per day, failures, methods, members, quarantines, approvals. Pure. */
export function statsSections(s: BuildStats): ReportSection[] {
  const c = s.current;
  const p = s.previous;
  const t = s.trend;
  return [
    {
      title: 'Summary',
      columns: ['metric', 'this period', 'previous period', 'trend'],
      numeric: [1, 2],
      rows: [
        ['builds', String(c.builds), String(p.builds), change('count', t.builds, t.buildsPercent)],
        ['succeeded', String(c.succeeded), String(p.succeeded), change('count', c.succeeded - p.succeeded)],
        ['failed', String(c.failed), String(p.failed), change('count', c.failed - p.failed)],
        ['cancelled, rejected or expired', String(c.cancelled + c.rejected + c.expired), String(p.cancelled + p.rejected + p.expired), change('count', c.cancelled + c.rejected + c.expired - (p.cancelled + p.rejected + p.expired))],
        ['in progress', String(c.inProgress), String(p.inProgress), change('count', c.inProgress - p.inProgress)],
        ['success rate', percent(c.successRate), percent(p.successRate), change('rate', t.successRate)],
        ['average duration', duration(c.averageSeconds), duration(p.averageSeconds), change('seconds', t.averageSeconds)],
        ['p95 duration', duration(c.p95Seconds), duration(p.p95Seconds), change('seconds', t.p95Seconds)],
      ],
    },
    {
      title: 'Builds per day',
      columns: ['day', 'builds', 'succeeded', 'failed', 'other'],
      numeric: [1, 2, 3, 4],
      rows: s.perDay.map((d) => [d.day, String(d.builds), String(d.succeeded), String(d.failed), String(d.other)]),
    },
    {
      title: 'Most common failure reasons',
      columns: ['reason', 'step', 'builds'],
      numeric: [2],
      rows: s.failureReasons.map((f) => [f.reason, f.step ?? '-', String(f.count)]),
      empty: 'no build failed',
    },
    { title: 'Builds by method', columns: ['method', 'builds', 'share', 'succeeded', 'success rate', 'average duration'], numeric: [1, 2, 3, 4, 5], rows: groupRows(s.byMethod), empty: 'no builds' },
    { title: 'Builds by member', columns: ['member', 'builds', 'share', 'succeeded', 'success rate', 'average duration'], numeric: [1, 2, 3, 4, 5], rows: groupRows(s.byMember), empty: 'no builds' },
    {
      title: 'Quarantines',
      columns: ['held', 'released', 'rejected', 'waiting', 'average time to release', 'p95 time to release'],
      numeric: [0, 1, 2, 3, 4, 5],
      rows: [[s.quarantines.held, s.quarantines.released, s.quarantines.rejected, s.quarantines.waiting].map(String).concat(duration(s.quarantines.averageSecondsToRelease), duration(s.quarantines.p95SecondsToRelease))],
    },
    {
      title: 'Approvals',
      columns: ['requested', 'approved', 'rejected', 'expired', 'waiting', 'average time to approve', 'p95 time to approve'],
      numeric: [0, 1, 2, 3, 4, 5, 6],
      rows: [[s.approvals.requested, s.approvals.approved, s.approvals.rejected, s.approvals.expired, s.approvals.waiting].map(String).concat(duration(s.approvals.averageSecondsToApprove), duration(s.approvals.p95SecondsToApprove))],
    },
  ];
}

/** Every number of the report, one record each, unformatted (rates 0..1, seconds). Pure. */
export function statsRecords(s: BuildStats): ReportRecord[] {
  const out: ReportRecord[] = [];
  const add = (section: string, key: string, values: Record<string, number | string | null>) => {
    for (const [metric, value] of Object.entries(values)) out.push({ section, key, metric, value });
  };
  add('period', '', { since: s.period.since, until: s.period.until, days: s.period.days, previous_since: s.previousPeriod.since, scope: s.scope.label, projects: s.scope.projects.join(' ') });
  for (const [key, n] of [['current', s.current], ['previous', s.previous]] as const) {
    add('totals', key, { builds: n.builds, finished: n.finished, succeeded: n.succeeded, failed: n.failed, cancelled: n.cancelled, rejected: n.rejected, expired: n.expired, in_progress: n.inProgress, success_rate: n.successRate, average_seconds: n.averageSeconds, p95_seconds: n.p95Seconds });
  }
  add('trend', '', { builds: s.trend.builds, builds_percent: s.trend.buildsPercent, success_rate: s.trend.successRate, average_seconds: s.trend.averageSeconds, p95_seconds: s.trend.p95Seconds });
  for (const d of s.perDay) add('per_day', d.day, { builds: d.builds, succeeded: d.succeeded, failed: d.failed, other: d.other });
  for (const f of s.failureReasons) add('failure_reason', f.reason, { step: f.step, builds: f.count });
  for (const [section, groups] of [['by_method', s.byMethod], ['by_member', s.byMember]] as const) {
    for (const g of groups) add(section, g.key, { builds: g.builds, share: g.share, succeeded: g.succeeded, finished: g.finished, success_rate: g.successRate, average_seconds: g.averageSeconds });
  }
  const q = s.quarantines;
  add('quarantines', '', { held: q.held, released: q.released, rejected: q.rejected, waiting: q.waiting, average_seconds_to_release: q.averageSecondsToRelease, p95_seconds_to_release: q.p95SecondsToRelease });
  const a = s.approvals;
  add('approvals', '', { requested: a.requested, approved: a.approved, rejected: a.rejected, expired: a.expired, waiting: a.waiting, average_seconds_to_approve: a.averageSecondsToApprove, p95_seconds_to_approve: a.p95SecondsToApprove });
  return out;
}
