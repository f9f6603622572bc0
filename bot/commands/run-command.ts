import { okToTest } from '../events/pull-request.js';
import { helpText, type ParsedComment } from '../parse-command.js';
import { buildCommand, retryCommand } from './build-commands.js';
import { commandTarget, type CommandContext } from './command-context.js';
import { decisionCommand } from './decision-command.js';
import { reportCommand } from './report-command.js';
import { statusCommand } from './status-command.js';

/** A command as the parser read it from the comment. */
export type GivenCommand = Omit<Extract<ParsedComment, { kind: 'command' }>, 'kind'>;

/**
 * Runs one comment command and returns the reply: the outcome in a sentence or a table. Builds are handed
 * to Temporal (a pipeline started, an update sent); nothing here builds. Refusals are replies; faults (the
 * database, Temporal or GitHub unreachable) escape.
 */
export async function runCommand(ctx: CommandContext, given: GivenCommand): Promise<string> {
  if (given.command === 'help') return helpText();
  if (given.command === 'ok-to-test') {
    const { octokit, installationId, repository, issue, actor, sourceUrl } = ctx;
    return (await okToTest(ctx.deps, { octokit, installationId, repository, pullNumber: issue, commenter: actor, ...(sourceUrl ? { sourceUrl } : {}) })).reply;
  }
  if (given.command === 'report') return reportCommand(ctx, given.text);
  const found = await commandTarget(ctx);
  if (!found.ok) return found.text;
  const { target } = found;
  switch (given.command) {
    case 'build':
      return buildCommand(ctx, target, given.images);
    case 'retry':
      return retryCommand(ctx, target, given.images);
    case 'status':
      return statusCommand(ctx, target, given.images);
    case 'approve':
    case 'reject':
    case 'release':
    case 'cancel':
      return decisionCommand(ctx, target, given.command, given);
  }
}
