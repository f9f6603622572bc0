import { stripVTControlCharacters } from 'node:util';
import { SEVERITIES } from '../manifest/types.js';
import { approvalProgress, type ApprovalProgress } from '../policies/approval-policy.js';
import type { ApprovalRule } from '../policies/build-rules.js';
import type { BuildState } from '../workflows/image-build-types.js';
import type { CheckRunView } from './check-run.js';
import { mdCode, mdFence, mdTable, mdText } from './markdown.js';

/** Blocking findings listed in the summary; the complete list goes to the check run's text. */
const BLOCKING_IN_SUMMARY = 20;
/** A failed build's last log lines shown, each cut to a readable width. */
export const LOG_TAIL_LINES = 20;
const LOG_LINE_CHARS = 400;

const plural = (n: number, word: string) => `${n} ${word}${n === 1 ? '' : 's'}`;

function facts(view: CheckRunView): string {
  const { state } = view;
  const words = state.status.replace('_', ' ');
  // The step says more than the status ("building with buildx", "released from quarantine by sam"), but a failure's is the whole error.
  const now = state.status === 'failed' ? '**failed**' : state.step.startsWith(words.split(' ')[0]) ? `**${mdText(state.step)}**` : `**${words}**: ${mdText(state.step)}`;
  const lines = [
    `**${mdText(view.image)}** at ${mdCode(view.commitSha.slice(0, 12))} of ${mdText(view.repository)}: ${now}`,
    '',
    `- **Build** ${mdCode(view.buildId)}, started by ${mdText(state.author)}`,
  ];
  if (state.digest) lines.push(`- **Digest** ${mdCode(state.digest)}`);
  if (state.tags.length > 0) lines.push(`- **Tags** ${state.tags.map(mdCode).join(', ')}`);
  if (state.quarantinedAt) lines.push(`- **${state.quarantineDecision ? 'Was held' : 'Held'} in quarantine** at ${mdCode(state.quarantinedAt)}`);
  if (state.repository) lines.push(`- **Published** to ${mdCode(state.repository)}`);
  if (state.promotedTo) lines.push(`- **Promoted** to ${mdCode(state.promotedTo)}`);
  if (!state.repository && !state.quarantinedAt && state.candidate) lines.push(`- **Scanned** at ${mdCode(state.candidate)} (staging, not a release)`);
  if (state.policies) lines.push(`- **Policies** scan ${mdCode(state.policies.scan)}${state.policies.promotion.length ? `, promotion ${state.policies.promotion.map(mdCode).join(', ')}` : ''}`);
  return lines.join('\n');
}

function blockingTable(state: BuildState, limit: number): string {
  const blocking = state.verdict?.blocking ?? [];
  const rows = blocking.slice(0, limit).map((b) => [mdCode(b.id), mdText(b.pkg), b.severity]);
  const more = blocking.length > limit ? `\n\n… and ${blocking.length - limit} more (listed below the summary)` : '';
  return `${mdTable(['blocking finding', 'package', 'severity'], rows)}${more}`;
}

function findings(view: CheckRunView): { section?: string; text?: string } {
  const { state } = view;
  const f = state.findings;
  const v = state.verdict;
  if (!f || !v) return {};
  const out = ['### Findings', ''];
  if (f.dbStatus === 'missing') out.push('Vulnerabilities **not scanned**: the scanner had no vulnerability database.', '');
  const counts = SEVERITIES.map((s) => [s, view.scan?.bySeverity[s] ?? 0, v.blocking.filter((b) => b.severity === s).length] as const).filter(([, found, blocking]) => found > 0 || blocking > 0);
  if (counts.length > 0) out.push(mdTable(['severity', 'found', 'blocking'], counts.map(([s, found, blocking]) => [s, String(found), String(blocking)])), '');
  else if (f.dbStatus !== 'missing') out.push(`No vulnerabilities found${view.scan ? ` (${mdText(view.scan.scanner)})` : ''}.`, '');
  if (v.blocking.length > 0) out.push(blockingTable(state, BLOCKING_IN_SUMMARY), '');
  out.push(`Secrets: ${f.secrets === 0 ? 'none found' : `**${f.secrets}** found`}.`);
  for (const i of v.ignored) out.push(`- Ignored ${mdCode(i.id)}${i.until ? ` until ${mdText(i.until)}` : ''}${i.reason ? `: ${mdText(i.reason)}` : ''}`);
  for (const e of v.expired) out.push(`- The ignore entry for ${mdCode(e.id)} expired on ${mdText(e.until)}`);
  for (const w of v.warnings) out.push(`- Note: ${mdText(w)}`);
  const text = v.blocking.length > BLOCKING_IN_SUMMARY ? `### Every blocking finding\n\n${blockingTable(state, v.blocking.length)}` : undefined;
  return { section: out.join('\n'), text };
}

function quarantine(state: BuildState): string | undefined {
  if (!state.quarantinedAt && state.verdict?.verdict !== 'quarantine') return undefined;
  const out = ['### Quarantine', '', 'Held because:', ...(state.verdict?.reasons ?? []).map((r) => `- ${mdText(r)}`), ''];
  const q = state.quarantineDecision;
  if (q) out.push(`**${q.verdict === 'released' ? 'Released' : 'Rejected'}** by ${mdText(q.by)}${q.reason ? `: ${mdText(q.reason)}` : ''}.`);
  else if (state.status === 'quarantined') out.push('Waiting for someone who may approve images (a security reviewer) to **Release** or **Reject** it: the buttons at the top of this check run.');
  return out.join('\n');
}

/** Who may approve under the rule: a subject of every approver list, never the author unless self-approval is allowed. */
function whoMayApprove(rule: ApprovalRule, author: string): string {
  const lists = rule.approvers.filter((l) => l.length > 0);
  const who = lists.length === 0 ? 'anyone the permission matrix lets approve builds' : lists.map((l) => (l.length === 1 ? mdCode(l[0]) : `one of ${l.map(mdCode).join(', ')}`)).join(' and ');
  return `${who}${rule.allow_self_approval ? '' : `, not ${mdText(author)} (who started it)`}`;
}

function approvals(view: CheckRunView, progress: ApprovalProgress | undefined): string | undefined {
  const { state, approval: rule } = view;
  if (!rule?.required && state.approvals.length === 0 && !state.rejectedBy) return undefined;
  const out = ['### Approvals', ''];
  if (state.approvals.length > 0) {
    out.push(mdTable(['approved by', 'roles', 'when', 'reason'], state.approvals.map((a) => [mdText(a.login), a.roles.map(mdCode).join(', ') || '-', mdText(a.at), a.reason ? mdText(a.reason) : '-'])), '');
  }
  if (state.rejectedBy) out.push(`**Rejected** by ${mdText(state.rejectedBy.login)}${state.rejectedBy.reason ? `: ${mdText(state.rejectedBy.reason)}` : ''}.`, '');
  if (rule && progress) {
    if (progress.satisfied) out.push(`Approved: ${progress.have} of ${progress.need} needed.`);
    else {
      const each = progress.missing.length > 0 ? `, among them one from each of ${progress.missing.map(mdCode).join(', ')} (each a different person)` : '';
      out.push(`**Still needed**: ${plural(Math.max(progress.need - progress.have, progress.missing.length), 'more approval')} (${progress.have} of ${progress.need} so far)${each}.`, '');
      out.push(`Who may approve: ${whoMayApprove(rule, state.author)}.`);
    }
  }
  return out.join('\n').trimEnd();
}

function failure(view: CheckRunView): string | undefined {
  const { state } = view;
  if (state.status !== 'failed' && state.status !== 'cancelled') return undefined;
  const out = [`### ${state.status === 'failed' ? 'Why it failed' : 'Cancelled'}`, ''];
  if (state.error) out.push(mdText(state.error), '');
  const tail = (view.logTail ?? []).slice(-LOG_TAIL_LINES).map((l) => {
    // Terminal escapes and other control characters (a carriage return, a bell) are dropped; tabs stay.
    // eslint-disable-next-line no-control-regex
    const line = stripVTControlCharacters(l).replace(/[\u0000-\u0008\u000b-\u001f\u007f]/g, '');
    return line.length > LOG_LINE_CHARS ? `${line.slice(0, LOG_LINE_CHARS)}…` : line;
  });
  if (tail.length > 0) out.push(`The last ${plural(tail.length, 'line')} of the build log (${mdCode(`imagefactory logs ${view.buildId}`)} has it all):`, '', mdFence(tail));
  return out.join('\n').trimEnd();
}

/**
 * The check run's summary in markdown, read at a glance: what and where (digest, tags, repositories), the
 * findings (counts by severity, the blocking ones with their ids and packages, ignored ones, secrets), the
 * quarantine decision, who approved and who is still needed, and a failed build's last log lines. Pure.
 */
export function checkRunSummary(view: CheckRunView): { summary: string; text?: string; progress?: ApprovalProgress } {
  const progress = view.approval?.required ? approvalProgress(view.approval, view.state.approvals) : undefined;
  const found = findings(view);
  const sections = [facts(view), found.section, quarantine(view.state), approvals(view, progress), failure(view)].filter((s): s is string => s !== undefined);
  return { summary: sections.join('\n\n'), ...(found.text ? { text: found.text } : {}), ...(progress ? { progress } : {}) };
}
