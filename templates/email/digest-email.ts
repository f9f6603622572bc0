import type { DigestCadence } from '../../manifest/digest-plan.js';
import type { BuildStats } from '../report/build-stats.js';
import type { ReportChart } from '../report/report-charts.js';
import { change, duration, percent, periodText } from '../report/report-format.js';
import { statsSections, type ReportSection } from '../report/report-sections.js';
import { renderEmail, type EmailBlock, type RenderedEmail } from './email-blocks.js';

/** A chart as the digest email shows it: attached as `cid`, drawn at width x height CSS pixels. */
export interface DigestChartImage {
  id: string;
  title: string;
  cid: string;
  width: number;
  height: number;
}

/** What a digest email is rendered from: the numbers the run read once, and who it is for. */
export interface DigestView {
  cadence: DigestCadence;
  stats: BuildStats;
  /** The tenant's account, for a digest over every project of the tenant. */
  tenantName?: string;
  charts: DigestChartImage[];
  /** When the schedule sends it, in words. */
  when: string;
  /** Where the configuration asking for it lives. */
  configuredIn: string;
}

/** A period of one day: a per-day breakdown says nothing (its two partial days would only confuse). */
const oneDay = (s: BuildStats) => s.period.days <= 1;

/**
 * The charts a digest shows, from the report's (templates/report/report-charts.ts): none for a period
 * without builds; builds per day only over more than one day. Pure.
 */
export function digestCharts(stats: BuildStats, charts: readonly ReportChart[]): ReportChart[] {
  if (stats.current.builds === 0) return [];
  return charts.filter((c) => c.id !== 'builds-per-day' || !oneDay(stats));
}

const scopeName = (v: DigestView) => (v.tenantName ? `${v.tenantName} (${v.stats.scope.projects.length === 1 ? '1 project' : `${v.stats.scope.projects.length} projects`})` : v.stats.scope.label);

/** `12 builds, 83.3% succeeded`: the subject's numbers. */
function headline(s: BuildStats): string {
  const c = s.current;
  if (c.builds === 0) return 'no builds';
  return `${c.builds} build${c.builds === 1 ? '' : 's'}, ${percent(c.successRate)} succeeded`;
}

function lead(v: DigestView): string {
  const s = v.stats;
  const c = s.current;
  const before = `on the ${s.period.days === 1 ? 'day' : `${s.period.days} days`} before`;
  if (c.builds === 0) return `${scopeName(v)}, ${periodText(s.period)}: no builds (${s.previous.builds} ${before}).`;
  return (
    `${scopeName(v)}, ${periodText(s.period)}: ${c.builds} builds (${change('count', s.trend.builds, s.trend.buildsPercent)} ${before}), ` +
    `${percent(c.successRate)} succeeded (${change('rate', s.trend.successRate)}), average ${duration(c.averageSeconds)}, p95 ${duration(c.p95Seconds)}.`
  );
}

function sectionBlocks(s: ReportSection): EmailBlock[] {
  if (s.rows.length === 0) return [{ heading: s.title }, { p: `${s.empty ?? 'None'}.` }];
  return [{ heading: s.title }, { table: { head: s.columns, rows: s.rows } }];
}

/**
 * The digest email: the numbers of product document 001 for the period (the report's tables:
 * summary with the trend against the period before, builds per day, the most common failure reasons, by
 * method, by member with their success rate, quarantines and time to release, approvals and time to
 * approve), the charts after the summary (HTML only, as inline images), and why the reader gets it. Pure.
 */
export function digestEmail(v: DigestView): RenderedEmail {
  const s = v.stats;
  const [summary, ...rest] = statsSections(s).filter((sec) => sec.title !== 'Builds per day' || !oneDay(s));
  const images: EmailBlock[] = v.charts.map((c) => ({ image: { cid: c.cid, alt: c.title, width: c.width, height: c.height } }));
  const projects: EmailBlock[] = v.tenantName && s.scope.projects.length > 0 ? [{ p: `Projects: ${s.scope.projects.join(', ')}.` }] : [];
  const footer =
    `You get this ${v.cadence} digest because ${v.configuredIn} lists your address in notify.email.to with digest: ${v.cadence}; it is sent ${v.when}. ` +
    'To stop it, set notify.email.digest to none there, or take your address out of notify.email.to.';
  return renderEmail({
    subject: `[imagefactory] ${v.cadence} digest of ${scopeName(v)}: ${headline(s)}`.slice(0, 200),
    lead: lead(v),
    blocks: [...projects, ...sectionBlocks(summary), ...images, ...rest.flatMap(sectionBlocks)],
    footer,
  });
}
