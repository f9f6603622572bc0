import { approvalProgress } from '../../policies/approval-policy.js';
import type { BuildLinks } from '../build-links.js';
import type { CheckRunView } from '../check-run.js';
import { findingsSummary as summarize, holdHeadline } from '../findings-summary.js';
import type { Block, ButtonElement, SlackMessage } from './block-kit.js';
import { buttonValue, SLACK_ACTION_IDS, type SlackDecision } from './button-value.js';
import { cutText, SECTION_TEXT_LIMIT, slackCode, slackLink, slackText } from './slack-text.js';

export type { Block, SlackMessage } from './block-kit.js';

/** A build as a Slack message tells it: what a check run says, with its tenant and links. */
export type SlackBuildView = Pick<CheckRunView, 'buildId' | 'image' | 'repository' | 'commitSha' | 'state' | 'approval' | 'scan'> & {
  tenantId: string;
  links?: BuildLinks;
};

/** What a prompt asks for: an approval before promotion (Approve / Reject), or a release from quarantine (Release / Reject). */
export type PromptKind = 'approval' | 'quarantine';

/** Block ids of a prompt's parts: the outcome replaces the buttons (and the approvals asked for) when the build is decided. */
export const PROMPT_BLOCK = { title: 'imagefactory_title', approvals: 'imagefactory_approvals', actions: 'imagefactory_actions', outcome: 'imagefactory_outcome' } as const;

/** Blocking ids listed by name; the rest counted. */
const BLOCKING_LISTED = 10;

const short = (sha: string) => sha.slice(0, 7);

/** "2 CRITICAL, 1 secret": what holds the image, at a glance (the title of a quarantine prompt). */
const held = (view: SlackBuildView) => holdHeadline(summarize(view.state, view.scan?.bySeverity));

/** The title line: image, commit and repository, and what is asked. It stays true once decided. */
export function promptTitle(view: SlackBuildView, kind: PromptKind): string {
  const what = `*${slackText(view.image)}* at ${slackCode(short(view.commitSha))} of ${slackLink(view.links?.repository, view.repository)}`;
  if (kind === 'approval') return `:hourglass_flowing_sand: ${what}: approval requested before promotion`;
  return `:lock: ${what}: quarantined, ${slackText(held(view))}`;
}

/** Findings in a few lines: counts by severity (found and blocking), the blocking ids, secrets, why it is held. */
export function findingsText(view: SlackBuildView): string {
  const f = summarize(view.state, view.scan?.bySeverity);
  if (!f) return '*Findings*: not scanned yet.';
  const lines: string[] = [];
  // Without the scan report's counts, what blocks is what is known to be found.
  const counts = f.counts.map((c) => ({ ...c, found: Math.max(c.found, c.blocking) }));
  if (f.notScanned) lines.push('*Findings*: vulnerabilities *not scanned* (the scanner had no vulnerability database).');
  else if (counts.length === 0) lines.push('*Findings*: no vulnerabilities found.');
  else lines.push(`*Findings*: ${counts.map((c) => `${c.severity} ${c.found}${c.blocking > 0 && c.blocking !== c.found ? ` (${c.blocking} blocking)` : ''}`).join(' · ')}`);
  if (f.blocking.length > 0) {
    const listed = f.blocking.slice(0, BLOCKING_LISTED).map((b) => `${slackCode(b.id)} (${slackText(b.pkg)}, ${b.severity})`);
    const more = f.blocking.length > BLOCKING_LISTED ? `, and ${f.blocking.length - BLOCKING_LISTED} more` : '';
    lines.push(`*Blocking*: ${listed.join(', ')}${more}`);
  }
  lines.push(`*Secrets*: ${f.secrets === 0 ? 'none found' : `*${f.secrets}* found`}`);
  if (f.reasons.length > 0) lines.push(`*Held because*: ${f.reasons.map(slackText).join('; ')}`);
  return cutText(lines.join('\n'), SECTION_TEXT_LIMIT);
}

/** Who approved so far and how many are needed, for a build waiting for approval. */
function approvalsLine(view: SlackBuildView): string | undefined {
  const { state, approval } = view;
  if (!approval) return state.approvals.length > 0 ? `Approved so far by ${state.approvals.map((a) => slackText(a.login)).join(', ')}.` : undefined;
  const p = approvalProgress(approval, state.approvals);
  const so = state.approvals.length > 0 ? `: ${state.approvals.map((a) => slackText(a.login)).join(', ')}` : '';
  const each = p.missing.length > 0 ? `, one from each of ${p.missing.map(slackCode).join(', ')}` : '';
  const self = approval.allow_self_approval ? '' : `; not ${slackText(state.author)}, who started it`;
  return `Needs ${p.need} approval${p.need === 1 ? '' : 's'} (${p.have} so far${so})${each}${self}.`;
}

function links(view: SlackBuildView): string | undefined {
  const l = view.links;
  const parts = [
    l?.pullRequest ? slackLink(l.pullRequest.url, `pull request #${l.pullRequest.number}`) : undefined,
    l?.checkRun ? slackLink(l.checkRun, 'check run') : undefined,
    l?.commit ? slackLink(l.commit, `commit ${short(view.commitSha)}`) : undefined,
  ].filter((p): p is string => p !== undefined);
  return parts.length > 0 ? parts.join(' · ') : undefined;
}

function button(decision: SlackDecision, view: SlackBuildView): ButtonElement {
  const label = { approve: 'Approve', reject: 'Reject', release: 'Release' }[decision];
  return {
    type: 'button',
    action_id: SLACK_ACTION_IDS[decision],
    text: { type: 'plain_text', text: label },
    value: buttonValue({ buildId: view.buildId, tenantId: view.tenantId }),
    ...(decision === 'reject' ? { style: 'danger' as const } : { style: 'primary' as const }),
  };
}

/** The buttons of a prompt: Approve / Reject, or Release / Reject for a quarantined image. */
export function promptButtons(view: SlackBuildView, kind: PromptKind): Block {
  const decisions: SlackDecision[] = kind === 'approval' ? ['approve', 'reject'] : ['release', 'reject'];
  return { type: 'actions', block_id: PROMPT_BLOCK.actions, elements: decisions.map((d) => button(d, view)) };
}

/**
 * The message asking a person to decide on a build: image, repository, commit, who asked for it, the
 * findings (counts by severity, the blocking ids), links to the pull request and the check run, and the
 * buttons. Pure.
 */
export function approvalPrompt(view: SlackBuildView, kind: PromptKind): SlackMessage {
  const { state } = view;
  const title = promptTitle(view, kind);
  const fields = [
    `*Repository*\n${slackLink(view.links?.repository, view.repository)}`,
    `*Commit*\n${slackLink(view.links?.commit, short(view.commitSha))}`,
    `*Requested by*\n${slackText(state.author)}`,
    `*Build*\n${slackCode(view.buildId)}`,
  ];
  const approvals = kind === 'approval' ? approvalsLine(view) : undefined;
  const linkLine = links(view);
  const blocks: Block[] = [
    { type: 'section', block_id: PROMPT_BLOCK.title, text: { type: 'mrkdwn', text: title } },
    { type: 'section', fields: fields.map((text) => ({ type: 'mrkdwn' as const, text: cutText(text, 2000) })) },
    { type: 'section', text: { type: 'mrkdwn', text: findingsText(view) } },
    ...(approvals ? [{ type: 'context' as const, block_id: PROMPT_BLOCK.approvals, elements: [{ type: 'mrkdwn' as const, text: approvals }] }] : []),
    ...(linkLine ? [{ type: 'context' as const, elements: [{ type: 'mrkdwn' as const, text: linkLine }] }] : []),
    promptButtons(view, kind),
  ];
  const asked = kind === 'approval' ? 'waits for approval' : `is quarantined (${held(view)})`;
  return { text: `${view.image}@${short(view.commitSha)} of ${view.repository} ${asked}`, blocks };
}
