import { eventWords } from '../event-words.js';
import type { EmailContent } from './email-blocks.js';
import { buildFacts, buildName, subjectOf, type EmailView } from './email-view.js';

/** Any other event: what happened, the reason given, and the build at a glance. */
export function eventEmail(view: EmailView): Omit<EmailContent, 'footer'> {
  const { build } = view;
  const what = eventWords(view.event, build.state);
  const reason = build.state.rejectedBy?.reason ?? build.state.quarantineDecision?.reason;
  return {
    subject: subjectOf(build, what),
    lead: `${buildName(build)} of ${build.repository}: ${what}.`,
    blocks: [...(reason && ['released', 'rejected'].includes(view.event) ? [{ p: `Reason: ${reason}` }] : []), ...buildFacts(view)],
  };
}
