import { mdCode, mdText } from './markdown.js';

/** Why a pull request's builds wait for someone to trust them. */
export type WaitReason = { kind: 'fork'; fork: string | null } | { kind: 'author'; author: string; reason: string; source: string };

/** The sentence of the audit trail (and the comment) for a wait. */
export function waitReasonText(why: WaitReason, repository: string): string {
  if (why.kind === 'fork') return `the pull request comes from ${why.fork ? `a fork (${why.fork})` : 'a fork that is gone'}, and a fork's code is built only once someone who may build in ${repository} trusts it`;
  return `@${why.author} may not build images in ${repository}: ${why.reason}${why.reason.includes(why.source) ? '' : ` (${why.source})`}`;
}

/**
 * The comment on a pull request whose builds wait: why, what would build, and how to let it. `/ok-to-test`
 * trusts one head only: each new commit waits again, so nothing pushed after the look is built unseen.
 */
export function waitingForOkToTest(r: { sha: string; images: readonly string[]; repository: string; why: WaitReason }): string {
  const images = r.images.map(mdCode).join(', ');
  return [
    `Image Factory has not built ${mdCode(r.sha.slice(0, 7))}, the head of this pull request: ${mdText(waitReasonText(r.why, r.repository))}.`,
    '',
    `Someone who may build images here can comment \`/ok-to-test\` (or \`/build\`) to build ${images} at this commit, as themselves. It applies to this commit only: each new commit waits again.`,
  ].join('\n');
}
