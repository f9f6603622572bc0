import { buildReport } from '../../builds/build-report.js';
import { reportPeriod } from '../../templates/report/build-stats.js';
import { reportMarkdown } from '../../templates/report/report-text.js';
import { cutTo } from '../../templates/markdown.js';
import type { CommandContext } from './command-context.js';

const DAY_MS = 86_400_000;
/** GitHub refuses a comment body over 65,536 characters. */
const MAX_REPLY = 65_000;

/**
 * `/report [7d|30d]`: this repository's numbers over the period (7 days unless given), as the commenter may
 * see them (View Project Stats), with the same function and numbers as `imagefactory report --project`.
 * The reply names the period and the scope; a refusal is audited and names who may.
 */
export async function reportCommand(ctx: CommandContext, text: string, now: Date = new Date()): Promise<string> {
  const label = text === '' ? '7d' : text;
  const n = Number(label.slice(0, -1));
  const since = new Date(now.getTime() - n * (label.endsWith('w') ? 7 * DAY_MS : DAY_MS));
  const outcome = await buildReport(
    { db: ctx.deps.db, resolver: ctx.resolver },
    { reader: ctx.actor, period: reportPeriod(since, now, label), project: ctx.repository.fullName, tenantId: ctx.tenantId, kind: 'stats', command: '/report', now },
  );
  if (!outcome.ok) return outcome.kind === 'refused' ? `${outcome.reason}.` : `No report: ${outcome.reason}.`;
  return cutTo(reportMarkdown({ stats: outcome.stats }), MAX_REPLY);
}
