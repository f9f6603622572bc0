import { eventWords } from '../event-words.js';
import type { EmailContent } from './email-blocks.js';
import { buildFacts, buildName, subjectOf, type EmailView } from './email-view.js';

/** An image promoted: where to, the digest and tags, and who approved it. */
export function promotedEmail(view: EmailView): Omit<EmailContent, 'footer'> {
  const { build } = view;
  const s = build.state;
  const to = (s.promotedTo ?? '').replace(/@sha256:.*$/, '');
  const approvals = s.approvals.map((a) => `${a.login} (${a.roles.join(', ') || 'no role'}) at ${a.at}${a.reason ? `: ${a.reason}` : ''}`);
  return {
    subject: subjectOf(build, eventWords('promoted', s)),
    lead: `${buildName(build)} of ${build.repository} is promoted to ${to}: the digest ${s.digest ?? '?'} scanned and released, copied as it is.`,
    blocks: [
      ...buildFacts(view),
      ...(s.quarantineDecision?.verdict === 'released' ? [{ p: `Released from quarantine by ${s.quarantineDecision.by}${s.quarantineDecision.reason ? `: ${s.quarantineDecision.reason}` : ''}.` }] : []),
      ...(approvals.length > 0 ? [{ heading: 'Approved by' }, { list: approvals }] : []),
      { heading: 'Pull it' },
      { commands: [`docker pull ${s.promotedTo ?? to}`] },
    ],
  };
}
