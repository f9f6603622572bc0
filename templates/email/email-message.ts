import { ALWAYS_NOTIFIED_EVENTS, type NotificationEvent } from '../../manifest/types.js';
import { approvalRequestedEmail } from './approval-requested-email.js';
import { renderEmail, type EmailContent, type RenderedEmail } from './email-blocks.js';
import type { EmailView } from './email-view.js';
import { eventEmail } from './event-email.js';
import { failedEmail } from './failed-email.js';
import { promotedEmail } from './promoted-email.js';
import { quarantinedEmail } from './quarantined-email.js';
import { vulnerabilityFoundEmail } from './vulnerability-found-email.js';

export type { EmailView } from './email-view.js';
export type { RenderedEmail } from './email-blocks.js';

/** The events with a mail of their own; the others get eventEmail's. */
const TEMPLATES: Partial<Record<NotificationEvent, (view: EmailView) => Omit<EmailContent, 'footer'>>> = {
  failed: failedEmail,
  quarantined: quarantinedEmail,
  approval_requested: approvalRequestedEmail,
  promoted: promotedEmail,
  vulnerability_found: vulnerabilityFoundEmail,
};

/** The email about one event of a build: subject, plain text and HTML, with why the reader gets it. Pure. */
export function emailMessage(view: EmailView): RenderedEmail {
  const content = (TEMPLATES[view.event] ?? eventEmail)(view);
  const footer = (ALWAYS_NOTIFIED_EVENTS as readonly NotificationEvent[]).includes(view.event)
    ? `You get this email because ${view.build.repository}'s notify.email (in .imagefactory.yml, or the tenant's tenant.yml) lists your address: ${view.event.replace(/_/g, ' ')} goes to every address there, whatever notify.email.on says. To stop it, take your address out of notify.email.to.`
    : `You get this email because ${view.build.repository}'s notify.email (in .imagefactory.yml, or the tenant's tenant.yml) lists your address for ${view.event.replace(/_/g, ' ')}. To stop it, take your address out of notify.email.to, or leave ${view.event} out of notify.email.on.`;
  return renderEmail({ ...content, footer });
}
