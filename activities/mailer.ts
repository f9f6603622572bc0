import { createHash } from 'node:crypto';
import { ApplicationFailure, Context } from '@temporalio/activity';
import nodemailer, { type SendMailOptions, type Transporter } from 'nodemailer';
import type { Config } from '../lib/config.js';
import type { RenderedEmail } from '../templates/email/email-blocks.js';

/** Sends email through the SMTP server SMTP_URL names, as MAIL_FROM. */
export interface Mailer {
  /** MAIL_FROM as written: `builds@acme.com` or `Image Factory <builds@acme.com>`. */
  from: string;
  /** MAIL_FROM's address alone. */
  address: string;
  send(message: SendMailOptions): Promise<{ messageId: string; accepted: string[]; rejected: string[]; response: string }>;
  close(): void;
}

/** How long one SMTP conversation may wait at each stage before the attempt gives up (and is retried). */
const SMTP_TIMEOUTS = { connectionTimeout: 10_000, greetingTimeout: 10_000, socketTimeout: 30_000, dnsTimeout: 10_000 };

/** The mailer of a worker with SMTP_URL and MAIL_FROM set (nodemailer's SMTP transport, a connection per message); none without. */
export function openMailer(config: Pick<Config, 'smtpUrl' | 'mailFrom'>): Mailer | undefined {
  if (!config.smtpUrl || !config.mailFrom) return undefined;
  const transport: Transporter = nodemailer.createTransport({ url: config.smtpUrl, ...SMTP_TIMEOUTS });
  const from = config.mailFrom;
  const address = /<([^>]+)>/.exec(from)?.[1] ?? from;
  return {
    from,
    address,
    async send(message) {
      const info = await transport.sendMail({ from, ...message });
      const addresses = (list: unknown) => (Array.isArray(list) ? list.map((a) => (typeof a === 'string' ? a : (a as { address: string }).address)) : []);
      return { messageId: info.messageId, accepted: addresses(info.accepted), rejected: addresses(info.rejected), response: String(info.response ?? '') };
    },
    close: () => transport.close(),
  };
}

/** `<hash@domain>` of a delivery's key: the same key always makes the same id, so a mail client shows a resend as one message. */
export const messageIdOf = (key: string, domain: string) => `<${createHash('sha256').update(key).digest('hex').slice(0, 40)}@${domain}>`;

/**
 * Sends one rendered email to one address from an activity: `what` names it in the log. A failure is noted
 * first (`noteError`, for whoever looks at a late delivery), then thrown as smtpFailure classifies it (a
 * refusal for good ends the delivery, the rest is retried).
 */
export async function sendRendered(
  mailer: Mailer,
  to: string,
  mail: RenderedEmail,
  message: Omit<SendMailOptions, 'to' | 'subject' | 'text' | 'html'>,
  opts: { what: string; noteError: (error: string) => Promise<void> },
): Promise<void> {
  try {
    await mailer.send({ to, subject: mail.subject, text: mail.text, html: mail.html, ...message });
  } catch (err) {
    await opts.noteError((err as Error).message ?? String(err)).catch(() => {});
    Context.current().log.warn(`${opts.what} to ${to} not sent (attempt ${Context.current().info.attempt}): ${(err as Error).message}`);
    throw smtpFailure(err, to);
  }
}

/** The domain of MAIL_FROM's address, which Message-IDs and content ids are named in. */
export const mailDomain = (mailer: Pick<Mailer, 'address'>) => mailer.address.split('@')[1] ?? 'imagefactory';

/** List-Unsubscribe for one address: a mail to MAIL_FROM saying what to stop. */
export const unsubscribe = (mailer: Pick<Mailer, 'address'>, recipient: string, what: string) => ({
  unsubscribe: { url: `mailto:${mailer.address}?subject=${encodeURIComponent(`unsubscribe ${recipient} from ${what}`)}`, comment: 'Unsubscribe' },
});

/**
 * SMTP answers no retry changes (a 5xx refusal of the address or the message) end the delivery at once
 * (non-retryable `DeliveryRefused`); the rest (the server away, 4xx, a login refused until it is fixed) is
 * returned as it is, to be retried.
 */
function smtpFailure(err: unknown, recipient: string): unknown {
  const e = err as { responseCode?: number; code?: string; message?: string };
  if (e.responseCode !== undefined && e.responseCode >= 500 && e.responseCode < 600 && e.code !== 'EAUTH') {
    return ApplicationFailure.nonRetryable(`the mail server refused the message to ${recipient}: ${e.message ?? e.responseCode}`, 'DeliveryRefused');
  }
  return err;
}
