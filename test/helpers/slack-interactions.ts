import { createHmac, randomBytes } from 'node:crypto';
import type { SlackMessage } from './slack-double.js';

/** The headers Slack signs a request with: v0 HMAC-SHA256 of `v0:<timestamp>:<body>` under the app's signing secret. */
export function slackSignature(secret: string, body: string, timestamp: number): Record<string, string> {
  const signature = `v0=${createHmac('sha256', secret).update(`v0:${timestamp}:${body}`).digest('hex')}`;
  return { 'x-slack-request-timestamp': String(timestamp), 'x-slack-signature': signature };
}

export interface ButtonClickSpec {
  user: { id: string; name: string };
  teamId: string;
  message: SlackMessage;
  /** The button clicked, by its action id (its value is read from the message). */
  actionId: string;
  responseUrl: string;
}

/** A block_actions payload as Slack sends it when someone clicks a button of a message. */
export function buttonClickPayload(spec: ButtonClickSpec): Record<string, unknown> {
  const actions = spec.message.blocks.filter((b): b is { type: 'actions'; block_id: string; elements: { action_id: string; value: string; text: unknown; style?: string }[] } => (b as { type?: string }).type === 'actions');
  const block = actions.find((b) => b.elements.some((e) => e.action_id === spec.actionId));
  const button = block?.elements.find((e) => e.action_id === spec.actionId);
  if (!block || !button) throw new Error(`the message has no button ${spec.actionId}`);
  return {
    type: 'block_actions',
    user: { id: spec.user.id, username: spec.user.name, name: spec.user.name, team_id: spec.teamId },
    api_app_id: 'A0IMGFACTORY',
    token: 'verification-token-unused',
    container: { type: 'message', message_ts: spec.message.ts, channel_id: spec.message.channel, is_ephemeral: false },
    trigger_id: `${Date.now()}.${randomBytes(4).toString('hex')}`,
    team: { id: spec.teamId, domain: 'imagefactory-test' },
    enterprise: null,
    is_enterprise_install: false,
    channel: { id: spec.message.channel, name: 'builds' },
    message: { type: 'message', user: 'U0IMGFACTORY', ts: spec.message.ts, text: spec.message.text, blocks: spec.message.blocks },
    response_url: spec.responseUrl,
    actions: [{ type: 'button', action_id: button.action_id, block_id: block.block_id, text: button.text, value: button.value, ...(button.style ? { style: button.style } : {}), action_ts: `${Date.now() / 1000}` }],
  };
}

/**
 * Posts an interaction payload to the Slack endpoint as Slack does (a form with `payload`), signed with
 * `secret` at `timestamp` (seconds; default now). Returns the HTTP status and body.
 */
export async function postInteraction(url: string, payload: unknown, opts: { secret: string; timestamp?: number }): Promise<{ status: number; body: string }> {
  const body = `payload=${encodeURIComponent(JSON.stringify(payload))}`;
  const timestamp = opts.timestamp ?? Math.floor(Date.now() / 1000);
  const res = await fetch(url, { method: 'POST', headers: { 'content-type': 'application/x-www-form-urlencoded', ...slackSignature(opts.secret, body, timestamp) }, body });
  return { status: res.status, body: await res.text() };
}
