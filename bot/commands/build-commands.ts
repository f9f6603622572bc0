import { manifestInForce, requestGitHubBuilds, type GitHubBuildOutcome, type GitHubBuildRequest, type ManifestInForce } from '../../builds/github-builds.js';
import { didYouMeanSuffix } from '../../manifest/did-you-mean.js';
import { buildsRefusedReply, buildsStartedReply, unusableManifestReply } from '../../templates/command-replies.js';
import type { BuildStatus } from '../../workflows/image-build-types.js';
import { buildDepsOf } from '../bot-deps.js';
import { pullRequestImages } from '../pull-request-builds.js';
import type { CommandContext, CommandTarget } from './command-context.js';

/** What `/build` leaves alone at a commit (its build ended, and only `/retry` runs it again). */
const NOT_REBUILT: readonly BuildStatus[] = ['succeeded', 'rejected', 'expired'];
/** What `/retry` builds again. */
export const RETRIED: readonly BuildStatus[] = ['failed', 'cancelled', 'rejected', 'expired'];

type Found = Extract<ManifestInForce, { ok: true }>;

/** Why the default branch's manifest cannot be used. */
const unusable = (ctx: CommandContext, m: Parameters<typeof unusableManifestReply>[1]) => unusableManifestReply(ctx.repository.defaultBranch, m);

/** The reply to a build request's outcome. */
function outcomeReply(ctx: CommandContext, target: CommandTarget, found: Found, outcome: GitHubBuildOutcome, extra: { verb: 'Building' | 'Building again'; ended: { image: string; status: BuildStatus }[] }): string {
  if (outcome.kind === 'no-manifest') return unusable(ctx, { missing: true });
  if (outcome.kind === 'invalid') return unusable(ctx, { missing: false, file: outcome.file, problems: outcome.problems });
  if (outcome.kind === 'refused') return buildsRefusedReply(ctx.actor.login, outcome, found);
  const built = outcome.plan.input.builds.map((b) => b.image);
  return buildsStartedReply({ verb: extra.verb, images: built, target, requester: ctx.actor.login, joined: !outcome.started, ended: extra.ended.filter((e) => built.includes(e.image)) });
}

/** The request of the builds at the target, as the commenter. */
function request(ctx: CommandContext, target: CommandTarget, found: Found, images: string[], trigger: string): GitHubBuildRequest {
  return {
    octokit: ctx.octokit,
    installationId: ctx.installationId,
    repository: ctx.repository,
    sha: target.sha,
    ref: target.ref,
    ...(target.branch ? { branch: target.branch } : {}),
    ...(target.pullRequest ? { pullRequest: target.pullRequest.number } : {}),
    images,
    requester: ctx.actor,
    trigger,
    manifest: found,
    ...(ctx.sourceUrl ? { sourceUrl: ctx.sourceUrl } : {}),
  };
}

/** The default branch's manifest in force: as already being read (`begun`), else read now. */
const inForce = (ctx: CommandContext, begun: Promise<ManifestInForce> | undefined) => begun ?? manifestInForce(buildDepsOf(ctx), ctx.octokit, ctx.repository);

async function manifestOrReply(ctx: CommandContext, begun: Promise<ManifestInForce> | undefined): Promise<{ ok: true; found: Found } | { ok: false; text: string }> {
  const found = await inForce(ctx, begun);
  return found.ok ? { ok: true, found } : { ok: false, text: unusable(ctx, found) };
}

/** The images `/build` means: those named, else those the pull request builds on its own, else (an issue) every image. */
async function imagesToBuild(ctx: CommandContext, target: CommandTarget, named: string[], begun: Promise<ManifestInForce> | undefined): Promise<{ found: ManifestInForce; images: string[] }> {
  if (named.length === 0 && target.pullRequest) return pullRequestImages(ctx, target.pullRequest, inForce(ctx, begun));
  const found = await inForce(ctx, begun);
  return { found, images: named.length > 0 || !found.ok ? named : Object.keys(found.manifest.images) };
}

/**
 * `/build [image...]`: builds at the target under the default branch's manifest (`manifest`: its read, if
 * begun already), as the commenter. A build running at the commit is joined; one that ended there
 * (succeeded, rejected, expired) is not built again (that is `/retry`); a failed or cancelled one is. The
 * builds that ended there are those the target read (nothing the request starts ends in that time).
 */
export async function buildCommand(ctx: CommandContext, target: CommandTarget, named: string[], manifest?: Promise<ManifestInForce>): Promise<string> {
  const { found, images } = await imagesToBuild(ctx, target, named, manifest);
  if (!found.ok) return unusable(ctx, found);
  if (images.length === 0) {
    const all = Object.keys(found.manifest.images);
    return `No image of \`${found.file}\` builds on this pull request on its own (its \`pull_request\` triggers and \`paths\`): name the ones to build (\`/build ${all[0]}\`; it has ${all.map((i) => `\`${i}\``).join(', ')}).`;
  }
  const [earlier, outcome] = await Promise.all([target.builds, requestGitHubBuilds(buildDepsOf(ctx), request(ctx, target, found, images, 'comment'))]);
  const ended = earlier.filter((b) => NOT_REBUILT.includes(b.status)).map((b) => ({ image: b.image, status: b.status }));
  return outcomeReply(ctx, target, found, outcome, { verb: 'Building', ended });
}

/**
 * `/retry [image...]`: the images named, else every image whose build at the target failed, was cancelled,
 * rejected or expired, built again (Retry Build, "own only" judged against who started each one).
 */
export async function retryCommand(ctx: CommandContext, target: CommandTarget, named: string[], manifest?: Promise<ManifestInForce>): Promise<string> {
  const builds = await target.builds;
  const listed = builds.map((b) => `\`${b.image}\` ${b.status.replace(/_/g, ' ')}`).join(', ') || 'none yet';
  for (const image of named) {
    const b = builds.find((x) => x.image === image);
    if (!b) return `No build of \`${image}\` at \`${target.sha.slice(0, 7)}\` to retry${didYouMeanSuffix(image, builds.map((x) => x.image))} (builds there: ${listed}).`;
    if (!RETRIED.includes(b.status)) return `\`${image}\` at \`${target.sha.slice(0, 7)}\` is ${b.status.replace(/_/g, ' ')}: only a failed, cancelled, rejected or expired build is retried.`;
  }
  const chosen = named.length > 0 ? builds.filter((b) => named.includes(b.image)) : builds.filter((b) => RETRIED.includes(b.status));
  if (chosen.length === 0) return `Nothing to retry at \`${target.sha.slice(0, 7)}\` (the head of ${target.of}): no build there failed, was cancelled, rejected or expired (builds there: ${listed}).`;
  const read = await manifestOrReply(ctx, manifest);
  if (!read.ok) return read.text;
  const images = chosen.map((b) => b.image);
  const authors = Object.fromEntries(chosen.map((b) => [b.image, b.authorLogin]));
  const outcome = await requestGitHubBuilds(buildDepsOf(ctx), { ...request(ctx, target, read.found, images, 'retry'), rebuild: true, retry: { authors } });
  return outcomeReply(ctx, target, read.found, outcome, { verb: 'Building again', ended: [] });
}
