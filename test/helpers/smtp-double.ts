import type { AddressInfo } from 'node:net';
import { simpleParser, type ParsedMail } from 'mailparser';
import { SMTPServer, type SMTPServerSession } from 'smtp-server';
import { until } from './until.js';

/** A message as the server received it: the envelope, the raw source and mailparser's reading of it. */
export interface ReceivedMail {
  from: string;
  /** RCPT TO addresses. */
  to: string[];
  raw: string;
  parsed: ParsedMail;
  subject: string;
  text: string;
  html: string;
  messageId: string | undefined;
  /** A raw header's value (unfolded), e.g. header('List-Unsubscribe'). */
  header(name: string): string | undefined;
}

/**
 * A real SMTP server on 127.0.0.1 (the smtp-server package, no TLS, no login) that keeps every message it
 * accepts, parsed with mailparser. `stop()` closes it (and its connections) and `start()` opens it again on
 * the same port, for outages; `refuse(address)` answers that recipient 550 for good.
 */
export interface SmtpDouble {
  url: string;
  port: number;
  messages: ReceivedMail[];
  /** Messages to one address. */
  to(address: string): ReceivedMail[];
  refuse(address: string): void;
  /** Recipients refused so far (each attempt counts). */
  refusals: string[];
  /** Waits until `n` messages were received for `address` (fails after a generous deadline). */
  waitFor(address: string, n: number, what?: string): Promise<ReceivedMail[]>;
  stop(): Promise<void>;
  start(): Promise<void>;
  close(): Promise<void>;
}

function rawHeader(raw: string, name: string): string | undefined {
  const head = raw.split(/\r?\n\r?\n/)[0].replace(/\r?\n[ \t]+/g, ' ');
  const line = head.split(/\r?\n/).find((l) => l.toLowerCase().startsWith(`${name.toLowerCase()}:`));
  return line?.slice(name.length + 1).trim();
}

export async function startSmtpDouble(): Promise<SmtpDouble> {
  const messages: ReceivedMail[] = [];
  const refused = new Set<string>();
  const refusals: string[] = [];
  let server: SMTPServer | undefined;
  let port = 0;

  const make = () =>
    new SMTPServer({
      authOptional: true,
      disabledCommands: ['STARTTLS', 'AUTH'],
      logger: false,
      onRcptTo(address, _session, callback) {
        if (refused.has(address.address.toLowerCase())) {
          refusals.push(address.address);
          const err = Object.assign(new Error(`5.1.1 <${address.address}>: mailbox unavailable`), { responseCode: 550 });
          callback(err);
          return;
        }
        callback();
      },
      onData(stream, session: SMTPServerSession, callback) {
        const chunks: Buffer[] = [];
        stream.on('data', (c: Buffer) => chunks.push(c));
        stream.on('end', () => {
          const raw = Buffer.concat(chunks).toString('utf8');
          simpleParser(raw)
            .then((parsed) => {
              messages.push({
                from: session.envelope.mailFrom ? session.envelope.mailFrom.address : '',
                to: session.envelope.rcptTo.map((r) => r.address),
                raw,
                parsed,
                subject: parsed.subject ?? '',
                text: parsed.text ?? '',
                html: typeof parsed.html === 'string' ? parsed.html : '',
                messageId: parsed.messageId,
                header: (name) => rawHeader(raw, name),
              });
              callback();
            })
            .catch((err: Error) => callback(err));
        });
      },
    });

  const start = async () => {
    const s = make();
    await new Promise<void>((resolve, reject) => {
      s.server.once('error', reject);
      s.listen(port, '127.0.0.1', () => resolve());
    });
    port = (s.server.address() as AddressInfo).port;
    server = s;
  };
  const stop = async () => {
    const s = server;
    server = undefined;
    if (!s) return;
    // Drop the connections at once (smtp-server would wait for them), then stop listening.
    for (const c of (s as unknown as { connections: Set<{ close(): void }> }).connections) c.close();
    await new Promise<void>((resolve) => s.server.close(() => resolve()));
  };

  await start();
  const double: SmtpDouble = {
    get url() {
      return `smtp://127.0.0.1:${port}`;
    },
    get port() {
      return port;
    },
    messages,
    refusals,
    to: (address) => messages.filter((m) => m.to.some((t) => t.toLowerCase() === address.toLowerCase())),
    refuse: (address) => void refused.add(address.toLowerCase()),
    async waitFor(address, n, what) {
      await until(() => double.to(address).length >= n, what ?? `${n} message(s) to ${address}`);
      return double.to(address);
    },
    stop,
    start,
    close: stop,
  };
  return double;
}
