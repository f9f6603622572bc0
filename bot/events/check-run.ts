import type { Context, Probot } from 'probot';
import { recordCommand } from '../../builds/record-command.js';
import { commentOnCommit } from '../../github/commit-comment.js';
import { commentOnIssue } from '../../github/issue-comments.js';
import { checkRunActionOf } from '../../templates/check-run.js';
import type { BotDeps } from '../bot-deps.js';
import { courtesy } from '../courtesy.js';
import { decideBuild } from '../commands/decision-command.js';
import { onDelivery } from '../handle-delivery.js';
import { repositoryOfPayload } from '../payload-repository.js';

type ActionContext = Context<'check_run.requested_action'>;

/** The decision a click asks for, when the check run is the App's own and the button one of its decisions. */
function clicked(context: ActionContext, appId: number | undefined) {
  const { check_run: run, requested_action: action, sender } = context.payload;
  if (sender.type === 'Bot' || !context.payload.installation || !run.external_id) return undefined;
  if (appId !== undefined && run.app?.id !== appId) return undefined;
  return checkRunActionOf(action?.identifier ?? '');
}

/**
 * The buttons of a check run waiting for a person (Approve / Reject, Release / Reject): a click is that
 * decision on the check run's build (its `external_id`) by whoever clicked, under the same rules as a
 * comment: the build resolves their roles, decides, audits and answers. The answer goes as a comment on
 * the check run's pull request (on its commit when it has none); the check run itself is updated by the
 * build as it moves on.
 */
export function register(app: Probot, deps: BotDeps): void {
  const appId = deps.config.githubApp?.appId;
  onDelivery(
    app,
    deps,
    'check_run.requested_action',
    async (context, tenant) => {
      const kind = clicked(context, appId);
      const { check_run: run, repository, sender } = context.payload;
      if (!kind || !run.external_id) return;
      const repo = repositoryOfPayload(repository);
      const buildId = run.external_id;
      // A build of this repository only: the id is `<tenant>/<owner>/<name>/<image>@<commit>`.
      const prefix = `${tenant.tenantId}/${repo.fullName}/`;
      if (!buildId.startsWith(prefix)) {
        context.log.warn({ buildId, repository: repo.fullName }, 'a check run of the App names a build of another repository: ignored');
        return;
      }
      const image = buildId.slice(prefix.length).split('@')[0];
      const actor = { login: sender.login, channel: 'github' as const };
      const pullRequest = run.pull_requests[0]?.number;
      await recordCommand(deps.db, { tenantId: tenant.tenantId, actor, command: `check_run:${kind}`, project: repo.fullName, buildId, where: { checkRunId: run.id, ...(pullRequest ? { issue: pullRequest, pullRequest: true } : {}) }, delivery: context.id });
      const text = await decideBuild(deps.temporal, { id: buildId, image }, kind, actor);
      const body = `${text}\n\n(from the **${run.name}** check run at \`${run.head_sha.slice(0, 7)}\`)`;
      await courtesy(context.log, 'the answer to a check-run button', () => (pullRequest ? commentOnIssue(context.octokit, repo, pullRequest, body) : commentOnCommit(context.octokit, repo, run.head_sha, body)));
    },
    (context) => clicked(context, appId) !== undefined,
  );
}
