import type { NotifyEvent } from '../../manifest/types.js';
import type { NotifiedBuild } from '../../workflows/notification-types.js';
import type { EmailContent } from './email-blocks.js';
import { buildFacts, buildName, subjectOf, type EmailView } from './email-view.js';

/** What each of the other events says, in a few words (after `api@3f2c1d4`). */
function said(event: NotifyEvent, b: NotifiedBuild): string {
  const s = b.state;
  switch (event) {
    case 'queued':
      return 'queued';
    case 'succeeded':
      return s.repository ? `succeeded: published to ${s.repository}` : 'succeeded';
    case 'released':
      return `released from quarantine by ${s.quarantineDecision?.by ?? 'someone'}`;
    case 'approved':
      return `approved by ${s.approvals.map((a) => a.login).join(', ') || 'its approvers'}`;
    case 'rejected':
      return `rejected by ${s.rejectedBy?.login ?? s.quarantineDecision?.by ?? 'someone'}`;
    case 'expired':
      return 'expired: not approved in time';
    case 'cancelled':
      return s.cancelledBy ? `cancelled by ${s.cancelledBy}` : 'cancelled';
    default:
      return event.replace(/_/g, ' ');
  }
}

/** Any other event: what happened, the reason given, and the build at a glance. */
export function eventEmail(view: EmailView): Omit<EmailContent, 'footer'> {
  const { build } = view;
  const what = said(view.event, build);
  const reason = build.state.rejectedBy?.reason ?? build.state.quarantineDecision?.reason;
  return {
    subject: subjectOf(build, what),
    lead: `${buildName(build)} of ${build.repository}: ${what}.`,
    blocks: [...(reason && ['released', 'rejected'].includes(view.event) ? [{ p: `Reason: ${reason}` }] : []), ...buildFacts(view)],
  };
}
