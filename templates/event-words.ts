import type { NotificationEvent } from '../manifest/types.js';
import type { BuildState } from '../workflows/image-build-types.js';

const firstLine = (text: string | undefined) => {
  const line = (text ?? '').split('\n')[0].trim();
  return line.length > 90 ? `${line.slice(0, 89)}…` : line;
};
const withoutDigest = (ref: string | undefined) => (ref ?? '').replace(/@sha256:.*$/, '');

/** What happened, in a few plain words (after `api@3f2c1d4`): the subject of an email, the line of a Slack message. Pure. */
export function eventWords(event: NotificationEvent, s: BuildState): string {
  switch (event) {
    case 'succeeded':
      return s.repository ? `succeeded: published to ${s.repository}` : 'succeeded';
    case 'failed':
      return s.error ? `failed: ${firstLine(s.error)}` : 'failed';
    case 'released':
      return `released from quarantine by ${s.quarantineDecision?.by ?? 'someone'}`;
    case 'approved':
      return `approved by ${s.approvals.map((a) => a.login).join(', ') || 'its approvers'}`;
    case 'rejected':
      return `rejected by ${s.rejectedBy?.login ?? s.quarantineDecision?.by ?? 'someone'}`;
    case 'expired':
      return 'expired: not approved in time';
    case 'promoted':
      return `promoted to ${withoutDigest(s.promotedTo)}`;
    case 'cancelled':
      return s.cancelledBy ? `cancelled by ${s.cancelledBy}` : 'cancelled';
    case 'vulnerability_found': {
      const ids = (s.verdict?.blocking ?? []).map((b) => b.id);
      return `found vulnerable in ${withoutDigest(s.promotedTo ?? s.repository)}${ids.length > 0 ? `: ${ids.slice(0, 3).join(', ')}${ids.length > 3 ? ` and ${ids.length - 3} more` : ''}` : ''}`;
    }
    default:
      return event.replace(/_/g, ' ');
  }
}
