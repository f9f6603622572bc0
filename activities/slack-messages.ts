import { ApplicationFailure, Context } from '@temporalio/activity';
import type { Database } from '../db/database.js';
import { claimNotification, markNotificationSent, noteNotificationError, slackDeliveriesOfRun } from '../db/notifications-store.js';
import type { Notification } from '../db/schema/notifications.js';
import { deliveryKey, PROMPT_EVENTS } from '../policies/notification-audiences.js';
import { buildLinks } from '../templates/build-links.js';
import { approvalPrompt, type PromptKind, type SlackMessage } from '../templates/slack/approval-prompt.js';
import { eventMessage } from '../templates/slack/event-message.js';
import { decidedPrompt } from '../templates/slack/prompt-outcome.js';
import { slackViewOf } from '../templates/slack/slack-view.js';
import type { DeliveryOutcome, DeliveryRequest } from '../workflows/notification-types.js';
import { readBuildFacts } from './build-facts.js';
import type { SlackClient } from './slack-client.js';

interface SlackDeps {
  db: Database;
  slack?: SlackClient;
  githubWebUrl?: string;
}

/** Slack's answers no retry changes: a message it will never take. The rest (Slack away, rate limits, a bot not yet in the channel, a token being fixed) is retried. */
const REFUSALS = ['invalid_blocks', 'invalid_blocks_format', 'msg_too_long', 'no_text', 'invalid_arguments', 'is_archived', 'channel_is_archived', 'cant_update_message', 'edit_window_closed'];

const slackError = (err: unknown) => (err as { data?: { error?: string } }).data?.error;

function classified(err: unknown, what: string): unknown {
  const code = slackError(err);
  return code && REFUSALS.includes(code) ? ApplicationFailure.nonRetryable(`Slack refused ${what}: ${code}`, 'DeliveryRefused') : err;
}

const promptKindOf = (event: string): PromptKind => (event === 'quarantined' ? 'quarantine' : 'approval');
/** An event whose message is a prompt with buttons (quarantined, approval_requested). */
const isPrompt = (event: string) => (PROMPT_EVENTS as readonly string[]).includes(event);

/** The message of a delivery: a prompt with buttons for an event that asks for a decision, else a plain message. */
async function messageOf(deps: SlackDeps, n: DeliveryRequest['notification']): Promise<{ view: ReturnType<typeof slackViewOf>; message: SlackMessage }> {
  const facts = await readBuildFacts(deps.db, n.tenantId, n.buildId, n.build.state);
  const view = slackViewOf(n.build, { ...(facts.scan ? { scan: facts.scan } : {}), links: buildLinks(n.build, deps.githubWebUrl) });
  const message = isPrompt(n.event) ? approvalPrompt(view, promptKindOf(n.event)) : eventMessage({ ...view, event: n.event, at: n.at });
  return { view, message };
}

function clientOf(deps: SlackDeps): SlackClient {
  if (!deps.slack) throw ApplicationFailure.nonRetryable('this worker posts no Slack messages: SLACK_BOT_TOKEN is not set', 'DeliveryRefused');
  return deps.slack;
}

/** Runs one Slack request of a delivery: a failure is noted on its row (why it is late) and classified. */
async function attempt<T>(deps: SlackDeps, n: DeliveryRequest['notification'], key: string, what: string, run: () => Promise<T>): Promise<T> {
  try {
    return await run();
  } catch (err) {
    const message = slackError(err) ?? (err as Error).message ?? String(err);
    await noteNotificationError(deps.db, n.tenantId, key, message).catch(() => {});
    Context.current().log.warn(`Slack ${what} for ${n.buildId} not done (attempt ${Context.current().info.attempt}): ${message}`);
    throw classified(err, what);
  }
}

/**
 * Posts one notification to one Slack channel, at most once: the `notifications` row of
 * `<buildId>/<runId>/<event>/slack/<channel>` is claimed first, and one already sent is not posted again;
 * the posted message's channel id and ts are kept on it. A prompt (Approve / Reject, Release / Reject) for
 * approval_requested and quarantined, a plain message for the others.
 */
export async function postSlack(deps: SlackDeps, request: DeliveryRequest): Promise<DeliveryOutcome> {
  const slack = clientOf(deps);
  const key = await claim(deps, request);
  return key ? post(deps, slack, request, key) : { status: 'already_sent' };
}

/** Claims the delivery's row for this attempt: its key, or undefined when it was sent already. */
async function claim(deps: SlackDeps, { notification: n, delivery }: DeliveryRequest): Promise<string | undefined> {
  const key = deliveryKey(n, delivery);
  const claimed = await claimNotification(deps.db, { tenantId: n.tenantId, key, buildId: n.buildId, runId: n.runId, event: n.event, channel: 'slack', recipient: delivery.recipient });
  return claimed.status === 'sent' ? undefined : key;
}

async function post(deps: SlackDeps, slack: SlackClient, { notification: n, delivery }: DeliveryRequest, key: string): Promise<DeliveryOutcome> {
  const { message } = await messageOf(deps, n);
  const posted = await attempt(deps, n, key, `the ${n.event} message in ${delivery.recipient}`, () => slack.chat.postMessage({ channel: delivery.recipient, text: message.text, blocks: message.blocks, unfurl_links: false }));
  await markNotificationSent(deps.db, n.tenantId, key, { ...(posted.channel ? { slackChannel: posted.channel } : {}), ...(posted.ts ? { slackTs: posted.ts } : {}) });
  return { status: 'sent' };
}

/**
 * An event that settles a prompt (released, approved, rejected, expired, cancelled): each prompt of this
 * build run in the channel is updated in place with who decided, when and the outcome, its buttons gone. A
 * prompt still being posted (Slack was away) is waited for, so its buttons never outlive the decision;
 * with no prompt (one the channel did not subscribe to, or one given up), the event is posted as a plain
 * message instead. At most once, through the row of this event as postSlack's.
 */
export async function settleSlack(deps: SlackDeps, request: DeliveryRequest): Promise<DeliveryOutcome> {
  const { notification: n, delivery } = request;
  const slack = clientOf(deps);
  const key = await claim(deps, request);
  if (!key) return { status: 'already_sent' };
  const rows = await slackDeliveriesOfRun(deps.db, n.tenantId, n.buildId, n.runId, delivery.recipient);
  const prompts = rows.filter((r: Notification) => isPrompt(r.event) && r.status !== 'failed');
  const waiting = prompts.filter((r) => r.status !== 'sent' || !r.slackTs);
  if (waiting.length > 0) {
    const why = `the ${waiting.map((r) => r.event).join(' and ')} prompt in ${delivery.recipient} is not posted yet: its update waits for it`;
    await noteNotificationError(deps.db, n.tenantId, key, why);
    throw ApplicationFailure.retryable(why, 'PromptNotPosted');
  }
  if (prompts.length === 0) return post(deps, slack, request, key);
  const { view } = await messageOf(deps, n);
  for (const prompt of prompts) {
    const decided = decidedPrompt(view, promptKindOf(prompt.event));
    if (!decided) continue;
    await attempt(deps, n, key, `the update of the ${prompt.event} prompt in ${delivery.recipient}`, () =>
      slack.chat.update({ channel: prompt.slackChannel!, ts: prompt.slackTs!, text: decided.text, blocks: decided.blocks }).catch((err: unknown) => {
        // A prompt someone deleted has nothing left to update.
        if (slackError(err) !== 'message_not_found') throw err;
      }),
    );
  }
  await markNotificationSent(deps.db, n.tenantId, key);
  return { status: 'sent' };
}

/** The Slack delivery activities, bound to the worker's Slack client (none: Slack is off on this worker). */
export function slackMessageActivities(deps: SlackDeps) {
  return {
    /** Posts a prompt or a message to a channel (notification-delivery.ts, events that settle nothing). */
    postSlackMessage: (request: DeliveryRequest) => postSlack(deps, request),
    /** Updates this build run's prompts in place for an event that settles them (notification-delivery.ts). */
    updateSlackMessage: (request: DeliveryRequest) => settleSlack(deps, request),
  };
}
