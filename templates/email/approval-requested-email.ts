import { approvalProgress } from '../../policies/approval-policy.js';
import type { ApprovalRule } from '../../policies/build-rules.js';
import { findingsSummary } from '../findings-summary.js';
import type { EmailContent } from './email-blocks.js';
import { buildFacts, buildName, howToAct, subjectOf, type EmailView } from './email-view.js';
import { findingsBlocks } from './quarantined-email.js';

const plural = (n: number, word: string) => `${n} ${word}${n === 1 ? '' : 's'}`;

/** Who may approve under the rule, in words. */
function whoMayApprove(rule: ApprovalRule | undefined, author: string): string {
  const lists = (rule?.approvers ?? []).filter((l) => l.length > 0);
  const who = lists.length === 0 ? 'anyone the permission matrix lets approve builds' : lists.map((l) => (l.length === 1 ? l[0] : `one of ${l.join(', ')}`)).join(' and ');
  return `${who}${rule?.allow_self_approval ? '' : `, not ${author} (who started it)`}`;
}

/** An image waiting for approval before promotion: how many approvals, who may give them, by when, and how. */
export function approvalRequestedEmail(view: EmailView): Omit<EmailContent, 'footer'> {
  const { build } = view;
  const rule = build.approval;
  const need = rule ? approvalProgress(rule, build.state.approvals).need : (build.state.approvalsNeeded ?? 1);
  const each = rule && rule.require_each.length > 0 ? ` including one from each of ${rule.require_each.join(', ')} (each a different person)` : '';
  const target = build.state.repository ? ` It is published to ${build.state.repository}` : '';
  return {
    subject: subjectOf(build, `approval requested: ${plural(need, 'approval')} needed`),
    lead: `${buildName(build)} of ${build.repository} waits for ${plural(need, 'approval')} before it is promoted${each}.${target ? `${target}; promotion copies that very digest.` : ''}`,
    blocks: [
      ...buildFacts(view),
      { heading: 'Who may approve' },
      { p: `${whoMayApprove(rule, build.state.author)}.${rule ? ` Without enough approvals it expires after ${rule.timeout}.` : ''}` },
      ...findingsBlocks(findingsSummary(build.state, view.scan?.bySeverity), view.scan?.scanner),
      ...howToAct(view, ['approve', 'reject']),
    ],
  };
}
