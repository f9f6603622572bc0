import { manifestInForce, type ManifestInForce } from '../../builds/github-builds.js';
import { buildDepsOf } from '../bot-deps.js';
import { okToTest } from '../events/pull-request.js';
import { helpText, type ParsedComment } from '../parse-command.js';
import { buildCommand, retryCommand } from './build-commands.js';
import { ahead, commandTarget, type CommandContext, type TargetFound } from './command-context.js';
import { decisionCommand } from './decision-command.js';
import { reportCommand } from './report-command.js';
import { statusCommand } from './status-command.js';

/** A command as the parser read it from the comment. */
export type GivenCommand = Omit<Extract<ParsedComment, { kind: 'command' }>, 'kind'>;

/** The commands that act on the target commit, and those of them that build under the default branch's manifest. */
const ON_TARGET: readonly GivenCommand['command'][] = ['build', 'retry', 'status', 'approve', 'reject', 'release', 'cancel'];
const BUILDING: readonly GivenCommand['command'][] = ['build', 'retry'];

/** What a command reads of GitHub before anything else, begun by beginReads (undefined: the command does not need it). */
export interface CommandReads {
  target?: Promise<TargetFound>;
  manifest?: Promise<ManifestInForce>;
}

/**
 * Begins the reads of GitHub a command needs that depend only on where it was given, so that they run
 * beside the taking of its delivery and its audited receipt rather than after them: the target commit
 * (the pull request's head now) for a command that acts on it, and the default branch's manifest in force
 * for one that builds (and the builds at the target, as soon as it is known: CommandTarget.builds). Reads
 * only: the caller waits for them and for the receipt before runCommand decides anything, and a delivery
 * another process handles leaves them unused.
 */
export function beginReads(ctx: CommandContext, given: Pick<GivenCommand, 'command'>): CommandReads {
  if (!ON_TARGET.includes(given.command)) return {};
  return {
    target: ahead(commandTarget(ctx)),
    ...(BUILDING.includes(given.command) ? { manifest: ahead(manifestInForce(buildDepsOf(ctx), ctx.octokit, ctx.repository)) } : {}),
  };
}

/**
 * Runs one comment command and returns the reply: the outcome in a sentence or a table. Builds are handed
 * to Temporal (a pipeline started, an update sent); nothing here builds. Refusals are replies; faults (the
 * database, Temporal or GitHub unreachable) escape. `reads`: the command's first reads, if begun already.
 */
export async function runCommand(ctx: CommandContext, given: GivenCommand, reads: CommandReads = beginReads(ctx, given)): Promise<string> {
  if (given.command === 'help') return helpText();
  if (given.command === 'ok-to-test') {
    const { octokit, installationId, repository, issue, actor, sourceUrl } = ctx;
    return (await okToTest(ctx.deps, { octokit, installationId, repository, pullNumber: issue, commenter: actor, ...(sourceUrl ? { sourceUrl } : {}) })).reply;
  }
  if (given.command === 'report') return reportCommand(ctx, given.text);
  const found = await (reads.target ?? commandTarget(ctx));
  if (!found.ok) return found.text;
  const { target } = found;
  switch (given.command) {
    case 'build':
      return buildCommand(ctx, target, given.images, reads.manifest);
    case 'retry':
      return retryCommand(ctx, target, given.images, reads.manifest);
    case 'status':
      return statusCommand(ctx, target, given.images);
    case 'approve':
    case 'reject':
    case 'release':
    case 'cancel':
      return decisionCommand(ctx, target, given.command, given);
  }
}
