import { FINAL_STATUSES, type BuildState } from '../../workflows/image-build-types.js';
import { approvalPrompt, PROMPT_BLOCK, type Block, type PromptKind, type SlackBuildView, type SlackMessage } from './approval-prompt.js';
import { slackDate, slackText } from './slack-text.js';

/** What became of what a prompt asked: who decided, when, the outcome; `final` once nothing is left to decide there. */
export interface PromptOutcome {
  outcome: 'approved' | 'rejected' | 'released' | 'expired' | 'cancelled' | 'ended';
  /** Who decided (several approvers, joined), when someone did. */
  by?: string;
  /** When (ISO). */
  at: string;
  reason?: string;
  /** The question is settled: the buttons go. An approval short of what is needed is not. */
  final: boolean;
  /** Approvals so far of those needed, for an approval that is one of several. */
  progress?: { have: number; need: number };
  /** The build's status, for `ended` (it failed or was cancelled before anyone decided). */
  status?: string;
}

const names = (logins: readonly string[]) => (logins.length <= 1 ? logins.join('') : `${logins.slice(0, -1).join(', ')} and ${logins.at(-1)}`);

function quarantineOutcome(state: BuildState): PromptOutcome | undefined {
  const q = state.quarantineDecision;
  if (q) return { outcome: q.verdict, by: q.by, at: state.updatedAt, ...(q.reason ? { reason: q.reason } : {}), final: true };
  if (state.status === 'quarantined') return undefined;
  if (state.status === 'cancelled') return { outcome: 'cancelled', ...(state.cancelledBy ? { by: state.cancelledBy } : {}), at: state.updatedAt, final: true };
  return { outcome: 'ended', at: state.updatedAt, final: true, status: state.status };
}

function approvalOutcome(state: BuildState): PromptOutcome | undefined {
  const r = state.rejectedBy;
  if (r) return { outcome: 'rejected', by: r.login, at: state.updatedAt, ...(r.reason ? { reason: r.reason } : {}), final: true };
  if (state.status === 'expired') return { outcome: 'expired', at: state.updatedAt, final: true };
  if (state.status === 'cancelled') return { outcome: 'cancelled', ...(state.cancelledBy ? { by: state.cancelledBy } : {}), at: state.updatedAt, final: true };
  const last = state.approvals.at(-1);
  if (last) {
    const need = state.approvalsNeeded ?? state.approvals.length;
    const final = state.status !== 'awaiting_approval';
    return { outcome: 'approved', by: names(final ? state.approvals.map((a) => a.login) : [last.login]), at: last.at, ...(last.reason ? { reason: last.reason } : {}), final, ...(need > 1 ? { progress: { have: state.approvals.length, need } } : {}) };
  }
  if (state.status === 'awaiting_approval') return undefined;
  return FINAL_STATUSES.includes(state.status) ? { outcome: 'ended', at: state.updatedAt, final: true, status: state.status } : undefined;
}

/** The outcome of a prompt of this kind, from the build's state; undefined while it still waits with nobody having decided. Pure. */
export function promptOutcome(state: BuildState, kind: PromptKind): PromptOutcome | undefined {
  return kind === 'quarantine' ? quarantineOutcome(state) : approvalOutcome(state);
}

/** The outcome in one plain sentence (the message's notification text). */
export function outcomeSentence(o: PromptOutcome): string {
  const by = o.by ? ` by ${o.by}` : '';
  const progress = o.progress && !o.final ? ` (${o.progress.have} of ${o.progress.need} approvals)` : '';
  if (o.outcome === 'expired') return 'expired: nobody approved it in time';
  if (o.outcome === 'ended') return `ended (${o.status?.replace('_', ' ')}) before anyone decided`;
  return `${o.outcome === 'released' ? 'released from quarantine' : o.outcome}${by}${progress}`;
}

const ICON: Record<PromptOutcome['outcome'], string> = {
  approved: ':white_check_mark:',
  rejected: ':x:',
  released: ':unlock:',
  expired: ':alarm_clock:',
  cancelled: ':no_entry_sign:',
  ended: ':grey_question:',
};

/** The outcome as the message shows it: who decided, when (in the reader's time zone), the outcome and the reason. */
export function outcomeBlock(o: PromptOutcome): Block {
  const icon = o.final ? ICON[o.outcome] : ':ballot_box_with_check:';
  const sentence = slackText(outcomeSentence(o));
  const text = `${icon} *${sentence.charAt(0).toUpperCase()}${sentence.slice(1)}* ${slackDate(o.at)}${o.reason ? `: ${slackText(o.reason)}` : ''}${o.final ? '' : '. Still waiting for more.'}`;
  return { type: 'section', block_id: PROMPT_BLOCK.outcome, text: { type: 'mrkdwn', text } };
}

/**
 * A posted prompt with its outcome: the outcome under the title (replacing an earlier one and the line
 * asking for approvals), the buttons removed once it is final. Works on the blocks as posted (what a click's payload carries) as on freshly
 * rendered ones, so the Slack listener and the notification that follows a decision write the same message.
 */
export function withOutcome(message: SlackMessage, o: PromptOutcome): SlackMessage {
  // The outcome says how many approvals there are; the line asking for them goes.
  const kept = message.blocks.filter((b) => b.block_id !== PROMPT_BLOCK.outcome && b.block_id !== PROMPT_BLOCK.approvals && !(o.final && b.block_id === PROMPT_BLOCK.actions));
  const at = Math.max(0, kept.findIndex((b) => b.block_id === PROMPT_BLOCK.title)) + 1;
  const blocks = [...kept.slice(0, at), outcomeBlock(o), ...kept.slice(at)];
  return { text: `${message.text.split(' — ')[0]} — ${outcomeSentence(o)}`, blocks };
}

/** The prompt for a build once decided (or ended): the prompt as it was asked, with its outcome. Undefined while nobody decided. */
export function decidedPrompt(view: SlackBuildView, kind: PromptKind): SlackMessage | undefined {
  const o = promptOutcome(view.state, kind);
  return o ? withOutcome(approvalPrompt(view, kind), o) : undefined;
}
