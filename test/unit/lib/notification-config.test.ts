import { describe, expect, it } from '@jest/globals';
import { loadConfig } from '../../../lib/config.js';
import { notificationChannelsOff } from '../../../lib/notification-config.js';

describe('email and Slack configuration', () => {
  it('is off when unset, and says so once', () => {
    const config = loadConfig({});
    expect(config).toMatchObject({ smtpUrl: undefined, mailFrom: undefined, slackBotToken: undefined, slackSigningSecret: undefined, slackApiUrl: 'https://slack.com/api/' });
    expect(notificationChannelsOff(config)).toEqual(['email notifications are off: SMTP_URL is not set', 'Slack notifications are off: SLACK_BOT_TOKEN is not set']);
  });

  it('reads SMTP_URL, MAIL_FROM and the Slack app', () => {
    const config = loadConfig({ SMTP_URL: 'smtp://127.0.0.1:1025', MAIL_FROM: 'Image Factory <builds@acme.com>', SLACK_BOT_TOKEN: 'xoxb-1-2-abc', SLACK_SIGNING_SECRET: '8f742231b10e8888abcd99yyyzzz85a5', SLACK_API_URL: 'http://127.0.0.1:4100/api' });
    expect(config).toMatchObject({ smtpUrl: 'smtp://127.0.0.1:1025', mailFrom: 'Image Factory <builds@acme.com>', slackBotToken: 'xoxb-1-2-abc', slackApiUrl: 'http://127.0.0.1:4100/api/' });
    expect(notificationChannelsOff(config)).toEqual([]);
    expect(loadConfig({ SMTP_URL: 'smtps://u:p@mail.acme.com:465', MAIL_FROM: 'builds@acme.com' }).mailFrom).toBe('builds@acme.com');
  });

  it.each([
    [{ SMTP_URL: 'http://127.0.0.1:1025', MAIL_FROM: 'a@b.c' }, /SMTP_URL="http:\/\/127.0.0.1:1025" is not valid: expected an smtp:\/\/ or smtps:\/\/ URL/],
    [{ SMTP_URL: 'smtp://127.0.0.1:1025' }, /MAIL_FROM="" is not valid: expected the sender address .* with SMTP_URL set/],
    [{ MAIL_FROM: 'builds at acme' }, /MAIL_FROM="builds at acme" is not valid/],
    [{ SLACK_BOT_TOKEN: 'bot-token' }, /SLACK_BOT_TOKEN="<hidden, 9 characters>" is not valid: expected the Slack app's bot token, xoxb-/],
    [{ SLACK_SIGNING_SECRET: 'abc123' }, /SLACK_BOT_TOKEN="" is not valid: expected the Slack app's bot token \(xoxb-...\) with SLACK_SIGNING_SECRET/],
    [{ SLACK_API_URL: 'slack.com/api' }, /SLACK_API_URL="slack.com\/api" is not valid: expected an http\(s\) URL/],
  ])('refuses %j, naming the variable (secrets hidden)', (env, message) => {
    expect(() => loadConfig(env)).toThrow(message);
  });

  it('never shows an SMTP password', () => {
    expect(() => loadConfig({ SMTP_URL: 'ftp://user:s3cret@mail.acme.com' })).toThrow('SMTP_URL="ftp://user:<hidden>@mail.acme.com" is not valid');
    expect(() => loadConfig({ SMTP_URL: 'ftp://user:s3cret@mail.acme.com' })).not.toThrow(/s3cret/);
  });
});
