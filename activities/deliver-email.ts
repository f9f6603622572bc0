import { createHash } from 'node:crypto';
import { ApplicationFailure, Context } from '@temporalio/activity';
import type { Database } from '../db/database.js';
import { claimNotification, markNotificationSent, noteNotificationError } from '../db/notifications-store.js';
import { deliveryKey } from '../policies/notification-audiences.js';
import { buildLinks } from '../templates/build-links.js';
import { emailMessage } from '../templates/email/email-message.js';
import type { DeliveryOutcome, DeliveryRequest } from '../workflows/notification-types.js';
import { readBuildFacts } from './build-facts.js';
import type { Mailer } from './mailer.js';

/** `<hash@domain>`: the same key always makes the same id, so a mail client shows a resend as one message. */
const messageIdOf = (key: string, domain: string) => `<${createHash('sha256').update(key).digest('hex').slice(0, 40)}@${domain}>`;

/** SMTP answers no retry changes (a 5xx refusal of the address or the message) end the delivery; the rest (the server away, 4xx, a login refused until it is fixed) is retried. */
function classified(err: unknown, recipient: string): unknown {
  const e = err as { responseCode?: number; code?: string; message?: string };
  if (e.responseCode !== undefined && e.responseCode >= 500 && e.responseCode < 600 && e.code !== 'EAUTH') {
    return ApplicationFailure.nonRetryable(`the mail server refused the message to ${recipient}: ${e.message ?? e.responseCode}`, 'DeliveryRefused');
  }
  return err;
}

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
    const domain = mailer.address.split('@')[1] ?? 'imagefactory';
    const messageId = messageIdOf(key, domain);
    const claimed = await claimNotification(deps.db, { tenantId: n.tenantId, key, buildId: n.buildId, runId: n.runId, event: n.event, channel: 'email', recipient, messageId });
    if (claimed.status === 'sent') return { status: 'already_sent' };
    const facts = await readBuildFacts(deps.db, n.tenantId, n.buildId, n.build.state);
    const mail = emailMessage({ event: n.event, at: n.at, build: n.build, ...facts, ...(n.rescan ? { rescan: n.rescan } : {}), links: buildLinks(n.build, deps.githubWebUrl) });
    const thread = messageIdOf(`${n.buildId}/${n.runId}`, domain);
    try {
      await mailer.send({
        to: recipient,
        subject: mail.subject,
        text: mail.text,
        html: mail.html,
        messageId,
        references: thread,
        inReplyTo: thread,
        date: new Date(n.at),
        list: { unsubscribe: { url: `mailto:${mailer.address}?subject=${encodeURIComponent(`unsubscribe ${recipient} from ${n.build.repository}`)}`, comment: 'Unsubscribe' } },
        headers: { 'X-Imagefactory-Event': n.event, 'X-Imagefactory-Build': n.buildId, 'X-Imagefactory-Project': n.build.repository, 'Auto-Submitted': 'auto-generated' },
      });
    } catch (err) {
      await noteNotificationError(deps.db, n.tenantId, key, (err as Error).message ?? String(err)).catch(() => {});
      Context.current().log.warn(`email of ${n.event} for ${n.buildId} to ${recipient} not sent (attempt ${Context.current().info.attempt}): ${(err as Error).message}`);
      throw classified(err, recipient);
    }
    await markNotificationSent(deps.db, n.tenantId, key);
    return { status: 'sent' };
  };
}
