import { SEVERITIES } from '../../manifest/types.js';
import { approvalProgress } from '../../policies/approval-policy.js';
import type { CheckRunView } from '../check-run.js';
import type { Block, ButtonElement, SlackMessage } from './block-kit.js';
import { buttonValue, SLACK_ACTION_IDS, type SlackDecision } from './button-value.js';
import { cutText, SECTION_TEXT_LIMIT, slackCode, slackLink, slackText } from './slack-text.js';

export type { Block, SlackMessage } from './block-kit.js';

/** Where a message's links go: the pull request, the check run, the commit (on the GitHub the App serves). */
export interface SlackLinks {
  pullRequest?: { number: number; url: string };
  checkRun?: string;
  commit?: string;
  repository?: string;
}

/** A build as a Slack message tells it: what a check run says, with its tenant and links. */
export type SlackBuildView = Pick<CheckRunView, 'buildId' | 'image' | 'repository' | 'commitSha' | 'state' | 'approval' | 'scan'> & {
  tenantId: string;
  links?: SlackLinks;
};

/** What a prompt asks for: an approval before promotion (Approve / Reject), or a release from quarantine (Release / Reject). */
export type PromptKind = 'approval' | 'quarantine';

/** Block ids of a prompt's parts: the outcome replaces the buttons when the build is decided. */
export const PROMPT_BLOCK = { title: 'imagefactory_title', actions: 'imagefactory_actions', outcome: 'imagefactory_outcome' } as const;

/** Blocking ids listed by name; the rest counted. */
const BLOCKING_LISTED = 10;

const short = (sha: string) => sha.slice(0, 7);

/** "2 CRITICAL": what holds the image, at a glance (the title of a quarantine prompt). */
function blockingCounts(view: SlackBuildView): string {
  const blocking = view.state.verdict?.blocking ?? [];
  const counts = SEVERITIES.map((s) => [s, blocking.filter((b) => b.severity === s).length] as const).filter(([, n]) => n > 0);
  const secrets = view.state.findings?.secrets ?? 0;
  const parts = [...counts.map(([s, n]) => `${n} ${s}`), ...(secrets > 0 ? [`${secrets} secret${secrets === 1 ? '' : 's'}`] : [])];
  return parts.join(', ');
}

/** The title line: image, commit and repository, and what is asked. It stays true once decided. */
export function promptTitle(view: SlackBuildView, kind: PromptKind): string {
  const what = `*${slackText(view.image)}* at ${slackCode(short(view.commitSha))} of ${slackLink(view.links?.repository, view.repository)}`;
  if (kind === 'approval') return `:hourglass_flowing_sand: ${what}: approval requested before promotion`;
  const held = blockingCounts(view);
  return `:lock: ${what}: quarantined${held ? `, ${held}` : ''}`;
}

/** Findings in a few lines: counts by severity (found and blocking), the blocking ids, secrets, why it is held. */
export function findingsSummary(view: SlackBuildView): string {
  const { state } = view;
  const f = state.findings;
  const v = state.verdict;
  if (!f || !v) return '*Findings*: not scanned yet.';
  const lines: string[] = [];
  const counts = SEVERITIES.map((s) => [s, view.scan?.bySeverity[s] ?? v.blocking.filter((b) => b.severity === s).length, v.blocking.filter((b) => b.severity === s).length] as const).filter(([, found, blocking]) => found > 0 || blocking > 0);
  if (f.dbStatus === 'missing') lines.push('*Findings*: vulnerabilities *not scanned* (the scanner had no vulnerability database).');
  else if (counts.length === 0) lines.push('*Findings*: no vulnerabilities found.');
  else lines.push(`*Findings*: ${counts.map(([s, found, blocking]) => `${s} ${found}${blocking > 0 && blocking !== found ? ` (${blocking} blocking)` : ''}`).join(' · ')}`);
  if (v.blocking.length > 0) {
    const listed = v.blocking.slice(0, BLOCKING_LISTED).map((b) => `${slackCode(b.id)} (${slackText(b.pkg)}, ${b.severity})`);
    const more = v.blocking.length > BLOCKING_LISTED ? `, and ${v.blocking.length - BLOCKING_LISTED} more` : '';
    lines.push(`*Blocking*: ${listed.join(', ')}${more}`);
  }
  lines.push(`*Secrets*: ${f.secrets === 0 ? 'none found' : `*${f.secrets}* found`}`);
  if (v.verdict === 'quarantine' && v.reasons.length > 0) lines.push(`*Held because*: ${v.reasons.map(slackText).join('; ')}`);
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
    { type: 'section', text: { type: 'mrkdwn', text: findingsSummary(view) } },
    ...(approvals ? [{ type: 'context' as const, elements: [{ type: 'mrkdwn' as const, text: approvals }] }] : []),
    ...(linkLine ? [{ type: 'context' as const, elements: [{ type: 'mrkdwn' as const, text: linkLine }] }] : []),
    promptButtons(view, kind),
  ];
  const asked = kind === 'approval' ? 'waits for approval' : `is quarantined${blockingCounts(view) ? ` (${blockingCounts(view)})` : ''}`;
  return { text: `${view.image}@${short(view.commitSha)} of ${view.repository} ${asked}`, blocks };
}
