import { recordAuditEvent } from '../db/append-audit-event.js';
import type { Database } from '../db/database.js';
import type { ActorRef } from '../policies/actor.js';

export interface CommandReceipt {
  tenantId: string;
  actor: ActorRef;
  /** `/approve`, `check_run:approve`, ... as given. */
  command: string;
  /** Repository full name. */
  project: string;
  /** The build it names, when it names one (a check-run button). */
  buildId?: string;
  /** Where it was given: the pull request or issue, the comment, the check run. */
  where: { issue?: number; pullRequest?: boolean; commentId?: number; checkRunId?: number };
  /** A Slack click: the Slack user, the message clicked, and how the user was matched to the login (none: unmapped). */
  slack?: { user: string; channel?: string; message?: string; matchedBy?: string };
  images?: readonly string[];
  /** What followed the command on its line (images, a reason). */
  arguments?: string;
  /** The webhook delivery (or Slack interaction) it came in: the receipt is recorded once per delivery. */
  delivery: string;
}

/**
 * Audits that someone gave a command (a comment, a button, a Slack click), before anything is decided: who,
 * which command, where. What follows audits itself (a build request allowed or refused, a decision taken
 * or refused by the build); the receipt is there even for a command refused before it reached a build.
 * Once per delivery.
 */
export async function recordCommand(db: Database, r: CommandReceipt): Promise<void> {
  await recordAuditEvent(db, r.tenantId, {
    actor: r.actor.login,
    action: 'command.received',
    project: r.project,
    buildId: r.buildId ?? null,
    data: { command: r.command, channel: r.actor.channel, ...(r.actor.via ? { via: r.actor.via } : {}), ...r.where, ...(r.slack ? { slack: r.slack } : {}), ...(r.images?.length ? { images: r.images } : {}), ...(r.arguments ? { arguments: r.arguments } : {}), delivery: r.delivery },
    idempotencyKey: `command:${r.delivery}`,
  });
}
