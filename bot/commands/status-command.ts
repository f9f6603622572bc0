import type { Client } from '@temporalio/client';
import { githubScope } from '../../builds/github-builds.js';
import { recordRefusal } from '../../builds/record-refusal.js';
import { readBuildDetails } from '../../db/build-details.js';
import type { Build } from '../../db/schema/builds.js';
import type { Database } from '../../db/database.js';
import { resolutionRecord } from '../../policies/actor.js';
import { decide } from '../../policies/decide.js';
import { findingsText } from '../../templates/build-summary.js';
import { statusReply, type StatusRow } from '../../templates/command-replies.js';
import { statusQuery } from '../../workflows/image-build-handlers.js';
import type { BuildState } from '../../workflows/image-build-types.js';
import type { CommandContext, CommandTarget } from './command-context.js';

const plural = (n: number, word: string) => `${n} ${word}${n === 1 ? '' : 's'}`;

/** The live state of a running build (its workflow's status query); undefined once it is over: the database has it then. */
async function liveState(temporal: Client, buildId: string): Promise<BuildState | undefined> {
  const handle = temporal.workflow.getHandle(buildId);
  const described = await handle.describe().catch(() => undefined);
  return described?.status.name === 'RUNNING' ? handle.query(statusQuery) : undefined;
}

function liveRow(b: Build, s: BuildState): StatusRow {
  const needed =
    s.status === 'awaiting_approval' && !s.rejectedBy ? `${plural(Math.max(0, (s.approvalsNeeded ?? 1) - s.approvals.length), 'more approval')}${s.approvalsMissing?.length ? `, one each of ${s.approvalsMissing.join(', ')}` : ''}`
    : s.status === 'quarantined' && !s.quarantineDecision ? 'a release or a rejection (Approve Image)'
    : undefined;
  return { image: b.image, status: s.status, step: s.step, digest: s.digest, findings: findingsText(s), approvedBy: s.approvals.map((a) => a.login), ...(needed ? { stillNeeded: needed } : {}) };
}

/** A finished build as the database keeps it: its findings from the scan report, its approvals. */
async function recordedRow(db: Database, b: Build): Promise<StatusRow> {
  const d = await readBuildDetails(db, b.tenantId, b.id);
  const summary = (d.scan?.summary ?? {}) as { bySeverity?: Record<string, number>; secrets?: number };
  const counts = Object.entries(summary.bySeverity ?? {}).filter(([, n]) => n > 0).map(([sev, n]) => `${n} ${sev}`);
  if (summary.secrets) counts.push(plural(summary.secrets, 'secret'));
  const findings = !d.scan ? '-' : `${counts.length > 0 ? counts.join(', ') : 'none'}${d.scan.dbStatus === 'missing' ? ' (vulnerabilities not scanned: no database)' : ''}`;
  return { image: b.image, status: b.status, ...(b.digest ? { digest: b.digest } : {}), findings, approvedBy: d.decisions.filter((x) => x.decision === 'approve').map((x) => x.actorLogin) };
}

/**
 * `/status [image...]`: each image's build at the target commit, live from its workflow while it runs,
 * from the database once it is over. Needs View Builds; a refusal is audited and says who may.
 */
export async function statusCommand(ctx: CommandContext, target: CommandTarget, images: string[]): Promise<string> {
  const who = await ctx.resolver.resolve(githubScope(ctx.repository), ctx.actor);
  const allowed = decide({ roles: who.roles, action: 'view-builds', context: { subjectTenant: who.tenantId, resourceTenant: ctx.tenantId, assigned: who.assigned, subjectLogin: who.login }, now: new Date() });
  if (allowed.effect === 'deny') {
    await recordRefusal(ctx.deps.db, { tenantId: ctx.tenantId, actor: who.login, action: 'builds.viewed', project: ctx.repository.fullName, reason: allowed.reason, source: allowed.source, data: { command: '/status', commit: target.sha, ...resolutionRecord(who) } });
    return `@${who.login} may not see the builds here: ${allowed.reason}.`;
  }
  const builds = (await target.builds).filter((b) => images.length === 0 || images.includes(b.image));
  const rows = await Promise.all(
    builds.map(async (b) => {
      const live = await liveState(ctx.deps.temporal, b.id);
      return live ? liveRow(b, live) : recordedRow(ctx.deps.db, b);
    }),
  );
  return statusReply(target, rows);
}
