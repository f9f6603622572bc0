import type { AllMiddlewareArgs, BlockAction, ButtonAction, SlackActionMiddlewareArgs } from '@slack/bolt';
import { recordCommand } from '../builds/record-command.js';
import { recordRefusal } from '../builds/record-refusal.js';
import { sendDecision } from '../builds/send-decision.js';
import { readTenant } from '../db/tenant-lifecycle.js';
import type { ActorRef } from '../policies/actor.js';
import { commandAction, decide } from '../policies/decide.js';
import type { BuildScope } from '../roles/actor-resolver.js';
import type { PromptKind } from '../templates/slack/approval-prompt.js';
import { buildIdParts, parseButtonValue, type ButtonTarget, type SlackDecision } from '../templates/slack/button-value.js';
import { refusedClickReply, unmappedReason } from '../templates/slack/click-replies.js';
import { promptOutcome, withOutcome } from '../templates/slack/prompt-outcome.js';
import { statusQuery } from '../workflows/image-build-handlers.js';
import type { BuildState } from '../workflows/image-build-types.js';
import { resolveSlackUser, type SlackProfile } from './resolve-slack-user.js';
import { slackResolver, tenantGitHub, type SlackDeps } from './slack-deps.js';

/** A click on one of a prompt's buttons, as Bolt hands it to a listener. */
export type ButtonClick = SlackActionMiddlewareArgs<BlockAction<ButtonAction>> & AllMiddlewareArgs;

/** Where the click happened and who clicked: the Slack user, the channel and the message. */
interface ClickAt {
  user: string;
  channel?: string;
  ts?: string;
  interaction: string;
}

/** The build's state now, or undefined when it cannot be asked (no such build, or it is over and nobody answers). */
async function stateOf(deps: SlackDeps, buildId: string): Promise<BuildState | undefined> {
  return deps.temporal.workflow.getHandle(buildId).query(statusQuery).catch(() => undefined);
}

/** A sentence only the clicker sees: chat.postEphemeral, else the interaction's response_url. Never fails the click. */
async function tell(deps: SlackDeps, click: ButtonClick, at: ClickAt, text: string): Promise<void> {
  try {
    if (!at.channel) throw new Error('the click names no channel');
    await click.client.chat.postEphemeral({ channel: at.channel, user: at.user, text });
  } catch (err) {
    await click.respond({ response_type: 'ephemeral', replace_original: false, text }).catch((e: unknown) => deps.log.warn({ err: e, first: err }, 'could not answer a Slack click'));
  }
}

async function profileOf(click: ButtonClick, userId: string): Promise<SlackProfile> {
  const found = await click.client.users.info({ user: userId }).catch((err: { data?: { error?: string } }) => {
    if (err.data?.error === 'user_not_found') return undefined;
    throw err;
  });
  return found?.user ? { found: true, ...(found.user.profile?.email ? { email: found.user.profile.email } : {}) } : { found: false };
}

/** The prompt's message with the outcome in it: who decided, when, what; the buttons gone once settled. */
async function updatePrompt(deps: SlackDeps, click: ButtonClick, at: ClickAt, kind: PromptKind, state: BuildState): Promise<void> {
  const outcome = promptOutcome(state, kind);
  const message = click.body.message;
  if (!outcome || !message || !at.channel || !at.ts) return;
  const settled = outcome.final || (state.approvalsNeeded !== undefined && state.approvals.length >= state.approvalsNeeded && (state.approvalsMissing ?? []).length === 0);
  const updated = withOutcome({ text: message.text ?? '', blocks: (message.blocks ?? []) as never[] }, { ...outcome, final: settled });
  await click.client.chat.update({ channel: at.channel, ts: at.ts, text: updated.text, blocks: updated.blocks });
}

/**
 * A click on Approve, Reject or Release: acknowledged at once (Slack waits 3 s), then the Slack user is
 * matched to a GitHub login (resolve-slack-user.ts), the click audited with both, and the decision checked
 * against the permission matrix as a pull-request comment's would be. A refused click (no login, or roles
 * that may not) changes nothing: its author alone is told why and which roles may, and the refusal is
 * audited. An allowed one goes to the build through sendDecision as `{ login, channel: 'slack', via }`:
 * the build checks it again (its approval rules too), audits it and answers; the prompt then shows the
 * outcome in place, or the clicker hears why the build refused.
 */
export async function decisionClick(deps: SlackDeps, kind: SlackDecision, click: ButtonClick): Promise<void> {
  await click.ack();
  const { body, action } = click;
  const at: ClickAt = { user: body.user.id, channel: body.channel?.id ?? (body.container.channel_id as string | undefined), ts: body.message?.ts ?? (body.container.message_ts as string | undefined), interaction: body.trigger_id };
  const target = parseButtonValue(action.value);
  if (!target || !(await readTenant(deps.db, target.tenantId))) {
    deps.log.warn({ value: action.value, user: at.user }, 'a Slack click names no build of this factory: ignored');
    await tell(deps, click, at, 'This button names no build of this Image Factory: nothing was done.');
    return;
  }
  await decideAs(deps, kind, click, at, target);
}

async function decideAs(deps: SlackDeps, kind: SlackDecision, click: ButtonClick, at: ClickAt, target: ButtonTarget): Promise<void> {
  const { repository, image } = buildIdParts(target);
  const scope: BuildScope = { tenantId: target.tenantId, repository };
  const github = await tenantGitHub(deps, target.tenantId);
  const resolver = slackResolver(deps, github);
  const identity = await resolveSlackUser({ db: deps.db, resolver, profile: (id) => profileOf(click, id), ...(github ? { github } : {}) }, scope, at.user);
  const via = `slack:${at.user}`;
  const actor: ActorRef = { login: identity.ok ? identity.login : via, channel: 'slack', via };
  const slack = { user: at.user, ...(at.channel ? { channel: at.channel } : {}), ...(at.ts ? { message: at.ts } : {}), ...(identity.ok ? { matchedBy: identity.how } : {}) };
  await recordCommand(deps.db, { tenantId: target.tenantId, actor, command: `slack:${kind}`, project: repository, buildId: target.buildId, where: {}, slack, delivery: `slack:${at.interaction}` });

  const before = await stateOf(deps, target.buildId);
  const action = commandAction(kind, before?.status)!;
  const refuse = async (reason: string, source: string, allowedBy: readonly string[], roles?: readonly string[]) => {
    await recordRefusal(deps.db, { tenantId: target.tenantId, actor: actor.login, action: `decision.${kind}`, project: repository, reason, source, data: { buildId: target.buildId, channel: 'slack', via, slack, ...(roles ? { roles } : {}) } });
    await tell(deps, click, at, refusedClickReply({ kind, image, buildId: target.buildId, slackUser: at.user, ...(identity.ok ? { login: identity.login } : {}), reason, allowedBy }));
  };
  const context = { subjectTenant: target.tenantId, resourceTenant: target.tenantId, assigned: false, subjectLogin: actor.login, ...(before ? { resourceAuthor: before.author } : {}) };
  if (!identity.ok) {
    const nobody = decide({ roles: [], action, context, now: new Date() });
    await refuse(unmappedReason(identity, at.user), "tenant.yml's slack: and the Slack profile's email", nobody.effect === 'deny' ? nobody.allowedBy : []);
    return;
  }
  if (before) {
    const resolved = await resolver.resolve(scope, actor);
    const verdict = decide({ roles: resolved.roles, action, context: { ...context, assigned: resolved.assigned }, now: new Date() });
    if (verdict.effect === 'deny') {
      await refuse(verdict.reason, verdict.source, verdict.allowedBy, resolved.roles);
      return;
    }
  }
  const result = await sendDecision(deps.temporal, target.buildId, kind, actor);
  if (!result.ok) {
    await tell(deps, click, at, refusedClickReply({ kind, image, buildId: target.buildId, slackUser: at.user, login: actor.login, reason: result.reason }));
    return;
  }
  const after = await stateOf(deps, target.buildId);
  const prompt: PromptKind = kind === 'release' || before?.status === 'quarantined' ? 'quarantine' : 'approval';
  if (after) await updatePrompt(deps, click, at, prompt, after);
}
