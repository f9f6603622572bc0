import type { NotificationEvent } from '../../manifest/types.js';
import { eventWords } from '../event-words.js';
import type { SlackBuildView } from './approval-prompt.js';
import type { Block, SlackMessage } from './block-kit.js';
import { cutText, SECTION_TEXT_LIMIT, slackCode, slackLink, slackText } from './slack-text.js';

/** One event of a build, as a plain Slack message tells it. */
export interface SlackEventView extends SlackBuildView {
  event: NotificationEvent;
  /** When it happened (ISO). */
  at: string;
}

const ICON: Record<NotificationEvent, string> = {
  queued: ':inbox_tray:',
  succeeded: ':white_check_mark:',
  failed: ':x:',
  quarantined: ':lock:',
  released: ':unlock:',
  approval_requested: ':hourglass_flowing_sand:',
  approved: ':white_check_mark:',
  rejected: ':no_entry:',
  expired: ':alarm_clock:',
  promoted: ':rocket:',
  cancelled: ':no_entry_sign:',
  vulnerability_found: ':warning:',
};

/**
 * A message about an event that asks nothing of anyone (queued, failed, promoted, ...): what happened, the
 * reason given, who requested the build, and links. The events that ask for a decision are prompts
 * (approval-prompt.ts). Pure.
 */
export function eventMessage(view: SlackEventView): SlackMessage {
  const { state } = view;
  const name = `${view.image}@${view.commitSha.slice(0, 7)}`;
  const words = eventWords(view.event, state);
  const reason = ['released', 'rejected'].includes(view.event) ? (state.rejectedBy?.reason ?? state.quarantineDecision?.reason) : undefined;
  const title = `${ICON[view.event]} *${slackText(view.image)}* at ${slackCode(view.commitSha.slice(0, 7))} of ${slackLink(view.links?.repository, view.repository)}: ${slackText(words)}${reason ? `: ${slackText(reason)}` : ''}`;
  const l = view.links;
  const context = [
    `requested by ${slackText(state.author)}`,
    `build ${slackCode(view.buildId)}`,
    ...(l?.pullRequest ? [slackLink(l.pullRequest.url, `pull request #${l.pullRequest.number}`)] : []),
    ...(l?.checkRun ? [slackLink(l.checkRun, 'check run')] : []),
    ...(view.event === 'failed' ? [`the log: ${slackCode(`imagefactory logs ${view.buildId}`)}`] : []),
  ];
  const blocks: Block[] = [
    { type: 'section', text: { type: 'mrkdwn', text: cutText(title, SECTION_TEXT_LIMIT) } },
    { type: 'context', elements: [{ type: 'mrkdwn', text: context.join(' · ') }] },
  ];
  return { text: `${name} of ${view.repository}: ${words}`, blocks };
}
