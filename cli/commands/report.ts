import { rename, writeFile } from 'node:fs/promises';
import { Option, type Command } from 'commander';
import { buildReport, type ReportOutcome } from '../../builds/build-report.js';
import { databaseError, type OpenDatabase } from '../../db/database.js';
import { openDatabase } from '../../db/open-database.js';
import { configuredTeams } from '../../github/configured-teams.js';
import { loadConfig } from '../../lib/config.js';
import { createActorResolver } from '../../roles/actor-resolver.js';
import { reportPeriod } from '../../templates/report/build-stats.js';
import { reportCsv, reportJson, reportTable, type ReportContent } from '../../templates/report/report-text.js';
import { cliActor } from '../cli-actor.js';
import { failureStatus } from '../failure-status.js';
import type { Io } from '../io.js';
import { parseSince } from './audit.js';
import { verifyingKeys } from './audit-keys.js';

type Env = Record<string, string | undefined>;

export const REPORT_FORMATS = ['table', 'csv', 'json', 'pdf'] as const;
export type ReportFormat = (typeof REPORT_FORMATS)[number];

export interface ReportArgs {
  since?: string;
  project?: string;
  compliance?: boolean;
  format?: string;
  output?: string;
  as?: string;
}

const usage = (io: Io, message: string) => {
  io.err(`imagefactory report: ${message}`);
  return 2;
};

/** The report in the format asked for: text, or a PDF with its charts drawn (loaded only then). */
export async function renderReport(content: ReportContent, format: ReportFormat, now: Date): Promise<string | Buffer> {
  if (format === 'table') return reportTable(content);
  if (format === 'csv') return reportCsv(content);
  if (format === 'json') return reportJson(content);
  const [{ reportCharts }, { renderCharts }, { reportPdf }] = await Promise.all([
    import('../../templates/report/report-charts.js'),
    import('../../templates/report/render-chart.js'),
    import('../../templates/report/report-pdf.js'),
  ]);
  return reportPdf(content, await renderCharts(reportCharts(content.stats)), { generatedAt: now });
}

/**
 * `imagefactory report`: the numbers of the projects the reader may see (View Project Stats), or with
 * `--compliance` the compliance report (Generate Report), over `--since` until now, as a table, CSV, JSON or
 * PDF, to stdout or `--output FILE`. Exit 0, 1 refused or failed, 2 bad input or no such project.
 */
export async function runReport(args: ReportArgs, io: Io, env: Env = process.env, now: Date = new Date()): Promise<number> {
  const format = (args.format ?? 'table') as ReportFormat;
  if (!REPORT_FORMATS.includes(format)) return usage(io, `--format ${JSON.stringify(args.format)} is not valid: expected ${REPORT_FORMATS.join(', ')}`);
  if (format === 'pdf' && args.output === undefined) return usage(io, '--format pdf needs --output FILE');
  const sinceText = args.since ?? '30d';
  const since = parseSince(sinceText, now);
  if (!since || since >= now) return usage(io, `--since ${JSON.stringify(sinceText)} is not valid: expected a span such as 7d, 30d, 2w, 24h, or a past ISO date such as 2024-05-01`);
  if (args.project !== undefined && !/^[^/\s]+\/[^/\s]+$/.test(args.project)) return usage(io, `--project ${JSON.stringify(args.project)} is not valid: expected OWNER/NAME`);
  const config = loadConfig(env);
  const who = await cliActor(config, args.as);
  if (!who.ok) return usage(io, who.message);
  const keys = args.compliance ? await verifyingKeys(undefined, config.auditKeyPath) : undefined;
  let opened: OpenDatabase | undefined;
  try {
    opened = await openDatabase(config);
    const resolver = createActorResolver({ db: opened.db, config, teams: configuredTeams(config) });
    const outcome: ReportOutcome = await buildReport(
      { db: opened.db, resolver },
      {
        reader: { login: who.login, channel: 'cli' },
        period: reportPeriod(since, now, sinceText),
        ...(args.project ? { project: args.project } : {}),
        kind: args.compliance ? 'compliance' : 'stats',
        publicKeys: keys?.ok ? keys.keys : [],
        command: 'imagefactory report',
        now,
      },
    );
    if (!outcome.ok) {
      io.err(`imagefactory report: ${outcome.reason}`);
      return outcome.kind === 'refused' ? 1 : 2;
    }
    const rendered = await renderReport({ stats: outcome.stats, ...(outcome.compliance ? { compliance: outcome.compliance } : {}) }, format, now);
    if (args.output === undefined) io.write(rendered.toString());
    else {
      await writeFile(`${args.output}.partial`, rendered);
      await rename(`${args.output}.partial`, args.output);
      io.err(`wrote the ${args.compliance ? 'compliance ' : ''}report of ${outcome.stats.scope.label} (${outcome.stats.current.builds} builds) to ${args.output}`);
    }
    return 0;
  } catch (err) {
    io.err(`imagefactory report: ${databaseError(err).message}`);
    return failureStatus(err);
  } finally {
    await opened?.close();
  }
}

export function register(program: Command, io: Io): void {
  program
    .command('report')
    .description('Report the builds of the projects you may see: totals, success rate, durations, failures, methods, members, quarantines, approvals, trend.')
    .option('--since <span>', 'the period: a span back from now (7d, 30d, 2w, 24h) or an ISO date', '30d')
    .option('--project <owner/name>', 'one project only')
    .option('--compliance', 'the compliance report: audit chain verification, policies in force, images promoted, quarantine overrides (needs Generate Report)')
    .addOption(new Option('--format <format>', 'table (default), csv, json or pdf').choices([...REPORT_FORMATS]))
    .option('--output <file>', 'write to this file (needed for pdf)')
    .option('--as <login>', 'on the embedded local stack, read as this login to try policies; refused with TEMPORAL_ADDRESS set')
    .addHelpText(
      'after',
      `
You read with your own rights (View Project Stats in the permission matrix): a viewer or developer sees the
projects they are assigned to, a security reviewer or tenant-admin their tenant's, a global-auditor every
tenant's. --compliance needs Generate Report (tenant-admin, global-auditor, security-admin, system-admin).
The same numbers answer /report on a pull request or issue. See docs/reports.md.

Exit status: 0 reported, 1 refused or failed, 2 bad arguments or no such project.

Examples:
  imagefactory report
  imagefactory report --since 7d --project acme/api --format csv
  imagefactory report --compliance --format pdf --output compliance.pdf`,
    )
    .action(async (opts: ReportArgs) => {
      process.exitCode = await runReport(opts, io);
    });
}
