import type { NotifyChannel } from '../manifest/types.js';
import type { NotificationAudiences } from '../policies/notification-audiences.js';
import type { Mailer } from './mailer.js';
import type { SlackClient } from './slack-client.js';

/**
 * The channels this worker delivers on: email with a mailer (SMTP_URL), Slack with a client
 * (SLACK_BOT_TOKEN). A channel with no client is off, said once when the worker starts, and its audience is
 * left out when a build is admitted, so no build tries it.
 */
export function deliverableChannels(deps: { mailer?: Mailer; slack?: SlackClient }): NotifyChannel[] {
  return [...(deps.mailer ? ['email' as const] : []), ...(deps.slack ? ['slack' as const] : [])];
}

/** The audiences on the channels this worker delivers on. Pure. */
export function onChannels(audiences: NotificationAudiences, channels: readonly NotifyChannel[]): NotificationAudiences {
  return Object.fromEntries(Object.entries(audiences).filter(([channel]) => channels.includes(channel as NotifyChannel)));
}
