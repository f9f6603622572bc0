import { ApplicationFailure } from '@temporalio/activity';
import type { Database } from '../db/database.js';
import { claimNotification, markNotificationSent, noteNotificationError } from '../db/notifications-store.js';
import { deliveryKey } from '../policies/notification-audiences.js';
import { buildLinks } from '../templates/build-links.js';
import { emailMessage } from '../templates/email/email-message.js';
import type { DeliveryOutcome, DeliveryRequest } from '../workflows/notification-types.js';
import { readBuildFacts } from './build-facts.js';
import { mailDomain, messageIdOf, sendRendered, unsubscribe, type Mailer } from './mailer.js';

/**
 * Sends one notification's email to one address, at most once: the `notifications` row of
 * `<buildId>/<runId>/<event>/email/<address>` is claimed first, and one already sent is not sent again.
 * Subject, plain text and HTML from templates/email; a Message-ID derived from the key (and the build run's
 * thread), List-Unsubscribe (a mail to MAIL_FROM), and X-Imagefactory-* headers to filter on.
 */
export function deliverEmailActivity(deps: { db: Database; mailer?: Mailer; githubWebUrl?: string }) {
  return async function deliverEmail({ notification: n, delivery }: DeliveryRequest): Promise<DeliveryOutcome> {
    const mailer = deps.mailer;
    if (!mailer) throw ApplicationFailure.nonRetryable('this worker sends no email: SMTP_URL is not set', 'DeliveryRefused');
    const recipient = delivery.recipient;
    const key = deliveryKey(n, delivery);
    const domain = mailDomain(mailer);
    const messageId = messageIdOf(key, domain);
    const claimed = await claimNotification(deps.db, { tenantId: n.tenantId, key, buildId: n.buildId, runId: n.runId, event: n.event, channel: 'email', recipient, messageId });
    if (claimed.status === 'sent') return { status: 'already_sent' };
    const facts = await readBuildFacts(deps.db, n.tenantId, n.buildId, n.build.state);
    const mail = emailMessage({ event: n.event, at: n.at, build: n.build, ...facts, ...(n.rescan ? { rescan: n.rescan } : {}), links: buildLinks(n.build, deps.githubWebUrl) });
    const thread = messageIdOf(`${n.buildId}/${n.runId}`, domain);
    await sendRendered(
      mailer,
      recipient,
      mail,
      {
        messageId,
        references: thread,
        inReplyTo: thread,
        date: new Date(n.at),
        list: unsubscribe(mailer, recipient, n.build.repository),
        headers: { 'X-Imagefactory-Event': n.event, 'X-Imagefactory-Build': n.buildId, 'X-Imagefactory-Project': n.build.repository, 'Auto-Submitted': 'auto-generated' },
      },
      { what: `email of ${n.event} for ${n.buildId}`, noteError: (error) => noteNotificationError(deps.db, n.tenantId, key, error) },
    );
    await markNotificationSent(deps.db, n.tenantId, key);
    return { status: 'sent' };
  };
}
