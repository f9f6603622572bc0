import { stringify } from 'csv-stringify/sync';
import { mdCode, mdTable, mdText } from '../markdown.js';
import type { BuildStats } from './build-stats.js';
import type { ComplianceFacts } from './compliance-facts.js';
import { complianceRecords, complianceSections } from './compliance-sections.js';
import { periodText } from './report-format.js';
import { statsRecords, statsSections, type ReportSection } from './report-sections.js';

/** What a report renders from: the numbers, and for a compliance report its facts. */
export interface ReportContent {
  stats: BuildStats;
  compliance?: ComplianceFacts;
}

export const reportTitle = (r: ReportContent) => `${r.compliance ? 'Compliance report' : 'Build report'}: ${r.stats.scope.label}, ${periodText(r.stats.period)}`;

const sectionsOf = (r: ReportContent) => [...(r.compliance ? complianceSections(r.compliance) : []), ...statsSections(r.stats)];

/** A section as the CLI prints tables: columns padded, numbers right-aligned, two spaces between. */
function textSection(s: ReportSection): string {
  if (s.rows.length === 0) return `${s.title.toUpperCase()}\n  ${s.empty ?? 'none'}\n`;
  const width = s.columns.map((c, i) => Math.max(c.length, ...s.rows.map((r) => r[i].length)));
  const line = (cells: string[]) => cells.map((c, i) => (s.numeric.includes(i) ? c.padStart(width[i]) : c.padEnd(width[i]))).join('  ').trimEnd();
  return [s.title.toUpperCase(), line(s.columns.map((c) => c.toUpperCase())), ...s.rows.map(line)].join('\n') + '\n';
}

/** `--format table`: the title, then each table. Pure. */
export function reportTable(r: ReportContent): string {
  const scope = r.stats.scope.projects.length > 1 ? `projects: ${r.stats.scope.projects.join(', ')}\n` : '';
  return `${reportTitle(r)}\n${scope}\n${sectionsOf(r).map(textSection).join('\n')}`;
}

/** The same as GitHub markdown, for the `/report` reply. Pure. */
export function reportMarkdown(r: ReportContent): string {
  const s = r.stats;
  const head = `**${mdText(r.compliance ? 'Compliance report' : 'Build report')}** for ${s.scope.projects.length === 1 ? mdCode(s.scope.projects[0]) : mdText(s.scope.label)}, ${mdText(periodText(s.period))}, compared with the ${s.period.days} days before.`;
  const tables = sectionsOf(r).map((sec) =>
    sec.rows.length === 0 ? `**${mdText(sec.title)}**: ${mdText(sec.empty ?? 'none')}.` : `**${mdText(sec.title)}**\n\n${mdTable(sec.columns, sec.rows.map((row) => row.map(mdText)))}`,
  );
  return [head, ...tables].join('\n\n');
}

/** `--format csv`: one row per number (section, key, metric, value), rates 0..1 and seconds unformatted. Pure. */
export function reportCsv(r: ReportContent): string {
  const records = [...statsRecords(r.stats), ...(r.compliance ? complianceRecords(r.compliance) : [])];
  return stringify(records.map((x) => [x.section, x.key, x.metric, x.value ?? '']), { header: true, columns: ['section', 'key', 'metric', 'value'] });
}

/** `--format json`: the numbers (and the compliance facts) as they are. Pure. */
export function reportJson(r: ReportContent): string {
  return `${JSON.stringify({ report: r.compliance ? 'compliance' : 'builds', title: reportTitle(r), stats: r.stats, ...(r.compliance ? { compliance: r.compliance } : {}) }, null, 2)}\n`;
}
