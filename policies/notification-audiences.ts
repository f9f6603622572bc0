import { ALWAYS_NOTIFIED_EVENTS, DEFAULT_NOTIFY_ON, type NotificationEvent, type NotifyChannel, type NotifyConfig, type NotifyEvent } from '../manifest/types.js';

/** Who hears about a project's builds, every field filled in: what a build's notifications go to. */
export interface NotificationAudiences {
  email?: { to: string[]; on: NotifyEvent[] };
  slack?: { channel: string; on: NotifyEvent[] };
}

/** One message to one recipient on one channel: an email address, or a Slack channel (`#name` or an id). */
export interface Delivery {
  channel: NotifyChannel;
  recipient: string;
}

/**
 * The audiences of a project's builds: the manifest's `notify:` over tenant.yml's `notify:` defaults, field by
 * field (a manifest naming recipients but no events gets the tenant's events, and the reverse); events
 * default to failed, quarantined and approval_requested. A channel with no recipient on either side is off.
 * Pure.
 */
export function notificationAudiences(manifest: NotifyConfig | undefined, tenant: NotifyConfig | undefined): NotificationAudiences {
  const out: NotificationAudiences = {};
  const to = manifest?.email?.to ?? tenant?.email?.to;
  if (to && to.length > 0) out.email = { to: [...new Set(to.map((a) => a.trim()))], on: [...(manifest?.email?.on ?? tenant?.email?.on ?? DEFAULT_NOTIFY_ON)] };
  const channel = manifest?.slack?.channel ?? tenant?.slack?.channel;
  if (channel) out.slack = { channel, on: [...(manifest?.slack?.on ?? tenant?.slack?.on ?? DEFAULT_NOTIFY_ON)] };
  return out;
}

/** The events that put a decision to people (Slack posts them as a prompt with buttons). */
export const PROMPT_EVENTS: readonly NotifyEvent[] = ['quarantined', 'approval_requested'];

/** The events that settle a prompt: the Slack message is then updated in place, whatever `on` lists. */
export const SETTLING_EVENTS: readonly NotifyEvent[] = ['released', 'approved', 'rejected', 'expired', 'cancelled'];

/**
 * Who gets a message about this event: each email address and the Slack channel whose `on` lists it (every
 * one of them for an event of ALWAYS_NOTIFIED_EVENTS, which nobody subscribes to); the Slack channel also for
 * an event that settles a prompt sent earlier in the same run (`earlier`: the events already notified), so
 * its message is updated in place. In the order of NOTIFY_CHANNELS, each recipient once. Pure.
 */
export function deliveriesFor(audiences: NotificationAudiences | undefined, event: NotificationEvent, earlier: readonly NotifyEvent[] = []): Delivery[] {
  const out: Delivery[] = [];
  const always = (ALWAYS_NOTIFIED_EVENTS as readonly NotificationEvent[]).includes(event);
  const listed = (on: readonly NotifyEvent[]) => always || (on as readonly NotificationEvent[]).includes(event);
  const email = audiences?.email;
  if (email && listed(email.on)) for (const recipient of email.to) out.push({ channel: 'email', recipient });
  const slack = audiences?.slack;
  const settlesPrompt = (SETTLING_EVENTS as readonly NotificationEvent[]).includes(event) && earlier.some((e) => PROMPT_EVENTS.includes(e) && slack?.on.includes(e));
  if (slack && (listed(slack.on) || settlesPrompt)) out.push({ channel: 'slack', recipient: slack.channel });
  return out;
}

/** The idempotency key of one delivery: `<buildId>/<runId>/<event>/<channel>/<recipient>`, sent at most once. */
export const deliveryKey = (notification: { buildId: string; runId: string; event: string }, d: Delivery) => `${notification.buildId}/${notification.runId}/${notification.event}/${d.channel}/${d.recipient}`;
