import { tryParseDuration } from '../manifest/parse-duration.js';
import { ConfigError } from './config-error.js';

type Env = Record<string, string | undefined>;

/** Email and Slack, from SMTP_URL, MAIL_FROM, SLACK_SIGNING_SECRET, SLACK_BOT_TOKEN and SLACK_API_URL. Unset: that channel is off. */
export interface NotificationConfig {
  /** SMTP server notifications are sent through (SMTP_URL: smtp://host:port, smtps://user:pass@host:465); unset: no email. */
  smtpUrl: string | undefined;
  /** The sender of every email (MAIL_FROM: `builds@acme.com` or `Image Factory <builds@acme.com>`); required with SMTP_URL. */
  mailFrom: string | undefined;
  /** The Slack app's signing secret (SLACK_SIGNING_SECRET): interactions are refused unless signed with it. */
  slackSigningSecret: string | undefined;
  /** The Slack app's bot token (SLACK_BOT_TOKEN, xoxb-...): posts and updates messages. */
  slackBotToken: string | undefined;
  /** Slack's Web API root (SLACK_API_URL), ending in `/`; default https://slack.com/api/. */
  slackApiUrl: string;
  /**
   * IMAGEFACTORY_DIGEST_INTERVAL, in ms: digest schedules synced while it is set send every this long instead
   * of daily or weekly (each digest still covers its day or week). For trying digests out and for tests; unset
   * in production.
   */
  digestIntervalMs: number | undefined;
}

export const DEFAULT_SLACK_API_URL = 'https://slack.com/api/';

const nonEmpty = (env: Env, name: string) => {
  const v = env[name];
  return v === undefined || v.trim() === '' ? undefined : v.trim();
};

/** `addr@host`, or `Display Name <addr@host>`. */
const MAILBOX = /^(?:[^<>@]*<[^\s<>@]+@[^\s<>@]+>|[^\s<>@]+@[^\s<>@]+)$/;

/** A URL as written, with its password hidden, for messages. */
const withoutPassword = (v: string) => v.replace(/\/\/([^:@/]*):[^@/]*@/, '//$1:<hidden>@');

function parseSmtpUrl(env: Env): string | undefined {
  const v = nonEmpty(env, 'SMTP_URL');
  if (v === undefined) return undefined;
  const expected = 'an smtp:// or smtps:// URL of the mail server, for example smtp://127.0.0.1:1025 or smtps://user:password@mail.example.com:465';
  let url: URL;
  try {
    url = new URL(v);
  } catch {
    throw new ConfigError('SMTP_URL', withoutPassword(v), expected);
  }
  if (!['smtp:', 'smtps:'].includes(url.protocol) || url.hostname === '') throw new ConfigError('SMTP_URL', withoutPassword(v), expected);
  return v;
}

function parseMailFrom(env: Env, smtpUrl: string | undefined): string | undefined {
  const v = nonEmpty(env, 'MAIL_FROM');
  const expected = 'the sender address of notification emails, such as builds@acme.com or "Image Factory <builds@acme.com>"';
  if (v === undefined) {
    if (smtpUrl !== undefined) throw new ConfigError('MAIL_FROM', '', `${expected}, with SMTP_URL set`);
    return undefined;
  }
  if (!MAILBOX.test(v)) throw new ConfigError('MAIL_FROM', v, expected);
  return v;
}

function parseSlackApiUrl(env: Env): string {
  const v = nonEmpty(env, 'SLACK_API_URL');
  if (v === undefined) return DEFAULT_SLACK_API_URL;
  let url: URL | undefined;
  try {
    url = new URL(v);
  } catch {
    url = undefined;
  }
  if (!url || !['http:', 'https:'].includes(url.protocol)) throw new ConfigError('SLACK_API_URL', v, `an http(s) URL of Slack's Web API, such as ${DEFAULT_SLACK_API_URL}`);
  return v.endsWith('/') ? v : `${v}/`;
}

function parseDigestInterval(env: Env): number | undefined {
  const v = nonEmpty(env, 'IMAGEFACTORY_DIGEST_INTERVAL');
  if (v === undefined) return undefined;
  const ms = tryParseDuration(v);
  if (ms === undefined || ms < 1000) throw new ConfigError('IMAGEFACTORY_DIGEST_INTERVAL', v, 'a duration of at least 1s, such as 30s or 5m (unset: digests go daily or weekly)');
  return ms;
}

/** Email and Slack settings, checked: a bad value stops the process with a message naming the variable (secrets hidden). */
export function parseNotificationConfig(env: Env): NotificationConfig {
  const smtpUrl = parseSmtpUrl(env);
  const slackBotToken = nonEmpty(env, 'SLACK_BOT_TOKEN');
  if (slackBotToken !== undefined && !/^xox[bp]-[A-Za-z0-9-]+$/.test(slackBotToken)) {
    throw new ConfigError('SLACK_BOT_TOKEN', `<hidden, ${slackBotToken.length} characters>`, 'the Slack app\'s bot token, xoxb- followed by letters, digits and "-"');
  }
  const slackSigningSecret = nonEmpty(env, 'SLACK_SIGNING_SECRET');
  if (slackSigningSecret !== undefined && /\s/.test(slackSigningSecret)) {
    throw new ConfigError('SLACK_SIGNING_SECRET', `<hidden, ${slackSigningSecret.length} characters>`, "the Slack app's signing secret (Basic Information > App Credentials), without spaces");
  }
  if (slackSigningSecret !== undefined && slackBotToken === undefined) {
    throw new ConfigError('SLACK_BOT_TOKEN', '', 'the Slack app\'s bot token (xoxb-...) with SLACK_SIGNING_SECRET: approval prompts are answered and updated with it');
  }
  return { smtpUrl, mailFrom: parseMailFrom(env, smtpUrl), slackSigningSecret, slackBotToken, slackApiUrl: parseSlackApiUrl(env), digestIntervalMs: parseDigestInterval(env) };
}

/** What is off, said once when a worker or the App starts: a channel left unconfigured is never an error per build. */
export function notificationChannelsOff(config: Pick<NotificationConfig, 'smtpUrl' | 'slackBotToken'>): string[] {
  return [
    ...(config.smtpUrl ? [] : ['email notifications are off: SMTP_URL is not set']),
    ...(config.slackBotToken ? [] : ['Slack notifications are off: SLACK_BOT_TOKEN is not set']),
  ];
}
