import type { Context, Probot } from 'probot';
import { recordCommand } from '../../builds/record-command.js';
import { commentOnIssue, reactToComment } from '../../github/issue-comments.js';
import { resolverFor, type BotDeps } from '../bot-deps.js';
import { courtesy, courtesyStarted } from '../courtesy.js';
import type { CommandContext } from '../commands/command-context.js';
import { beginReads, runCommand, type CommandReads } from '../commands/run-command.js';
import { onDelivery } from '../handle-delivery.js';
import { parseCommand, type ParsedComment } from '../parse-command.js';
import { repositoryOfPayload } from '../payload-repository.js';

type CommentContext = Context<'issue_comment.created'>;

/** A comment by a person (not a bot, not the App itself), through an installation: what may hold a command. */
function byAPerson(context: CommentContext, appId: number | undefined): boolean {
  const { comment, sender, installation } = context.payload;
  if (!installation || sender.type === 'Bot' || comment.user?.type === 'Bot') return false;
  const via = (comment as { performed_via_github_app?: { id: number } | null }).performed_via_github_app;
  return appId === undefined || via?.id !== appId;
}

const parsedOf = (context: CommentContext): ParsedComment => parseCommand(context.payload.comment.body ?? '', { isPullRequest: Boolean(context.payload.issue.pull_request) });

/** A command's context and its first reads of GitHub (beginReads), begun as its delivery is taken. */
interface Begun {
  ctx: CommandContext;
  reads: CommandReads;
}

function begin(deps: BotDeps, context: CommentContext, tenant: { tenantId: string }): Begun | undefined {
  const { issue, repository, sender, installation } = context.payload;
  const parsed = parsedOf(context);
  if (parsed.kind !== 'command' || !installation) return undefined;
  const actor = { login: sender.login, channel: 'github' as const };
  const ctx = { deps, octokit: context.octokit, installationId: installation.id, repository: repositoryOfPayload(repository), sourceUrl: repository.html_url, tenantId: tenant.tenantId, actor, issue: issue.number, isPullRequest: Boolean(issue.pull_request), resolver: resolverFor(deps, context.octokit) };
  return { ctx, reads: beginReads(ctx, parsed) };
}

/** The reply, under the command line it answers (quoted: a quote is never read as a command). */
const replyBody = (parsed: ParsedComment, text: string) =>
  parsed.kind === 'command' ? `> ${`/${parsed.command} ${parsed.text}`.trim()}\n\n${text}` : text;

/**
 * Comment commands on pull requests and issues (`issue_comment.created` only: an edited or deleted
 * comment does nothing, nor does a bot's, the App's own included). The commenter, from the signed webhook,
 * is who acts. On receipt: an `eyes` reaction and the audited receipt of the command; then the command is
 * handed to Temporal and the outcome, or the refusal, is the reply. The reaction is sent once the delivery
 * is taken, beside the command rather than before it (courtesyStarted), and is done before the reply. The
 * command's first reads of GitHub (beginReads) are begun as the delivery is taken and run beside the
 * receipt; nothing is decided before both.
 */
export function register(app: Probot, deps: BotDeps): void {
  const appId = deps.config.githubApp?.appId;
  onDelivery<'issue_comment.created', Begun | undefined>(
    app,
    deps,
    'issue_comment.created',
    async (context, tenant, begun) => {
      const { comment, issue, repository, installation } = context.payload;
      const parsed = parsedOf(context);
      if (parsed.kind === 'ignore' || !installation) return;
      const repo = repositoryOfPayload(repository);
      const reacted = courtesyStarted(context.log, 'the reaction on the comment', () => reactToComment(context.octokit, repo, comment.id, 'eyes'));
      let text: string;
      if (parsed.kind === 'reply') text = parsed.text;
      else {
        const { ctx, reads } = begun ?? begin(deps, context, tenant)!;
        const received = recordCommand(deps.db, {
          tenantId: tenant.tenantId,
          actor: ctx.actor,
          command: `/${parsed.command}`,
          project: repo.fullName,
          where: { issue: issue.number, pullRequest: ctx.isPullRequest, commentId: comment.id },
          images: parsed.images,
          ...(parsed.text ? { arguments: parsed.text } : {}),
          delivery: context.id,
        });
        await Promise.all([received, reads.target, reads.manifest]);
        text = await runCommand(ctx, parsed, reads);
      }
      await reacted();
      await courtesy(context.log, 'the reply', () => commentOnIssue(context.octokit, repo, issue.number, replyBody(parsed, text)));
    },
    (context) => byAPerson(context, appId) && parsedOf(context).kind !== 'ignore',
    (context, tenant) => begin(deps, context, tenant),
  );
}
