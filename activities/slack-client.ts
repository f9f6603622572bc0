import { LogLevel, WebClient } from '@slack/web-api';
import type { Config } from '../lib/config.js';

/** What the notification activities ask of Slack's Web API: posting and updating messages. */
export type SlackClient = Pick<WebClient, 'chat'>;

/**
 * The worker's Slack client (the bot token SLACK_BOT_TOKEN against SLACK_API_URL), or none without a token.
 * Each request is bounded and tried once, a rate limit is an error like any other: Temporal's retries and
 * backoff are the only ones, so an attempt never outlives its timeout.
 */
export function openSlackClient(config: Pick<Config, 'slackBotToken' | 'slackApiUrl'>): SlackClient | undefined {
  if (!config.slackBotToken) return undefined;
  return new WebClient(config.slackBotToken, { slackApiUrl: config.slackApiUrl, timeout: 15_000, retryConfig: { retries: 0 }, rejectRateLimitedCalls: true, logLevel: LogLevel.ERROR });
}
