import type { IncomingMessage, ServerResponse } from 'node:http';
import { App, HTTPReceiver, LogLevel, type AuthorizeResult, type Logger as BoltLogger } from '@slack/bolt';
import type { Logger } from '../lib/logger.js';
import { register as approveButton } from './listeners/approve-button.js';
import { register as rejectButton } from './listeners/reject-button.js';
import { register as releaseButton } from './listeners/release-button.js';
import type { SlackDeps } from './slack-deps.js';

/** Where Slack sends interactions (the Slack app's Interactivity Request URL), on the App's own HTTP port. */
export const SLACK_EVENTS_PATH = '/slack/events';

/** The listeners, one file each in slack/listeners/. */
const LISTENERS: ((app: App, deps: SlackDeps) => void)[] = [approveButton, rejectButton, releaseButton];

/** How long one Web API request may take, and how often it is tried again, while a click is answered. */
const CLIENT_OPTIONS = { timeout: 10_000, retryConfig: { retries: 2, factor: 2, minTimeout: 500 } };

/** Bolt's logger interface over the process's pino logger. */
function boltLogger(log: Logger): BoltLogger {
  let level = LogLevel.INFO;
  const child = log.child({ component: 'slack' });
  const line = (msg: unknown[]) => msg.map((m) => (typeof m === 'string' ? m : m instanceof Error ? m.message : JSON.stringify(m))).join(' ');
  return {
    debug: (...msg) => child.debug(line(msg)),
    info: (...msg) => child.info(line(msg)),
    warn: (...msg) => child.warn(line(msg)),
    error: (...msg) => child.error(line(msg)),
    setLevel: (l) => void (level = l),
    getLevel: () => level,
    setName: () => undefined,
  };
}

/** The bot token's identity, asked of Slack once (auth.test) and kept; a failed check is asked again next time. */
function verifiedToken(app: () => App, token: string): () => Promise<AuthorizeResult> {
  let verified: Promise<AuthorizeResult> | undefined;
  return () => {
    verified ??= app()
      .client.auth.test({ token })
      .then((r) => ({ botToken: token, botId: r.bot_id, botUserId: r.user_id, teamId: r.team_id }))
      .catch((err: unknown) => {
        verified = undefined;
        throw err;
      });
    return verified;
  };
}

export interface SlackEndpoint {
  app: App;
  /** The HTTP handler `imagefactory serve` mounts beside the webhooks: true when the request was Slack's path. */
  handle(req: IncomingMessage, res: ServerResponse): boolean;
}

/**
 * The Slack app (Bolt) on SLACK_SIGNING_SECRET and SLACK_BOT_TOKEN, its Web API at SLACK_API_URL. Its
 * receiver is Bolt's own HTTPReceiver, never started on a port of its own: `handle` hands it the requests
 * for SLACK_EVENTS_PATH on the App's HTTP server. Bolt checks every request's signature (v0 HMAC-SHA256 of
 * `v0:<timestamp>:<body>`) and refuses one whose timestamp is more than five minutes off (401), before any
 * listener runs; listeners acknowledge first and work after, so Slack has its answer within 3 s.
 * Undefined when Slack is not configured (no signing secret).
 */
export function createSlackApp(deps: SlackDeps): SlackEndpoint | undefined {
  const { slackSigningSecret: signingSecret, slackBotToken: token, slackApiUrl } = deps.config;
  if (!signingSecret || !token) return undefined;
  const logger = boltLogger(deps.log);
  const receiver = new HTTPReceiver({ signingSecret, endpoints: SLACK_EVENTS_PATH, logger, processBeforeResponse: false });
  const app: App = new App({ receiver, logger, authorize: verifiedToken(() => app, token), clientOptions: { slackApiUrl, ...CLIENT_OPTIONS } });
  app.error(async (err) => {
    deps.log.error({ err: err.original ?? err }, 'a Slack interaction failed after it was acknowledged');
  });
  for (const register of LISTENERS) register(app, deps);
  return {
    app,
    handle(req, res) {
      const path = new URL(req.url ?? '/', 'http://localhost').pathname;
      if (path !== SLACK_EVENTS_PATH) return false;
      if (req.method !== 'POST') {
        res.writeHead(405, { allow: 'POST' }).end();
        return true;
      }
      receiver.requestListener(req, res);
      return true;
    },
  };
}
