import nodemailer, { type SendMailOptions, type Transporter } from 'nodemailer';
import type { Config } from '../lib/config.js';

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
