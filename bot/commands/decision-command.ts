import type { Client } from '@temporalio/client';
import { sendDecision } from '../../builds/send-decision.js';
import type { ActorRef } from '../../policies/actor.js';
import { decisionReply, decisionTargetReply } from '../../templates/command-replies.js';
import { ACCEPTED_IN, type DecisionKind } from '../../workflows/image-build-handlers.js';
import { imageAndReason } from '../parse-command.js';
import type { CommandContext, CommandTarget } from './command-context.js';

/** What a build waits for when a decision may be taken, in the words of a reply. */
const WAITING_FOR: Record<DecisionKind, string> = {
  approve: 'approval',
  release: 'a release from quarantine',
  reject: 'a decision (in quarantine or awaiting approval)',
  cancel: 'cancelling (still running)',
};

/**
 * Sends a decision to one build and words its answer: accepted, or the build's refusal with its reason
 * (which names the roles that may). The build decides, audits and answers; this only asks.
 */
export async function decideBuild(temporal: Client, build: { id: string; image: string }, kind: DecisionKind, actor: ActorRef, reason?: string): Promise<string> {
  const result = await sendDecision(temporal, build.id, kind, actor, reason);
  return decisionReply({ kind, image: build.image, buildId: build.id, actor: actor.login, result });
}

/**
 * `/approve`, `/reject`, `/release`, `/cancel` on a pull request or issue: the build of the image named at
 * the target commit, or, with no image named, the one build there that waits for this decision; several
 * (or none) get a reply saying which there are.
 */
export async function decisionCommand(ctx: CommandContext, target: CommandTarget, kind: DecisionKind, parsed: { images: string[]; reason?: string; text: string }): Promise<string> {
  const builds = await target.builds;
  const chosen = imageAndReason(parsed, builds.map((b) => b.image));
  if (!chosen.ok) return chosen.text;
  const waiting = builds.filter((b) => ACCEPTED_IN[kind].includes(b.status));
  const build = chosen.image !== undefined ? builds.find((b) => b.image === chosen.image) : waiting.length === 1 ? waiting[0] : undefined;
  if (!build) {
    return decisionTargetReply({ kind, target, waiting: waiting.map((b) => b.image), builds: builds.map((b) => ({ image: b.image, status: b.status })), waitingFor: WAITING_FOR[kind] });
  }
  return decideBuild(ctx.deps.temporal, build, kind, ctx.actor, chosen.reason);
}
