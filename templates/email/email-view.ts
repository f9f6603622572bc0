import type { NotificationEvent, Severity } from '../../manifest/types.js';
import type { NotifiedBuild, RescanNotice } from '../../workflows/notification-types.js';
import type { BuildLinks } from '../build-links.js';
import type { EmailBlock } from './email-blocks.js';

/** What an email about one event of a build is rendered from. */
export interface EmailView {
  event: NotificationEvent;
  /** When it happened (ISO). */
  at: string;
  build: NotifiedBuild;
  /** For `vulnerability_found`: what the re-scan found. */
  rescan?: RescanNotice;
  /** The scan's counts by severity, as kept with the build. */
  scan?: { scanner: string; bySeverity: Partial<Record<Severity, number>> };
  /** A failed build's last log lines. */
  logTail?: string[];
  links: BuildLinks;
}

/** `api@3f2c1d4`: how subjects and leads name a build, short enough to read and to filter on. */
export const buildName = (b: Pick<NotifiedBuild, 'image' | 'commit'>) => `${b.image}@${b.commit.sha.slice(0, 7)}`;

/** `[imagefactory] api@3f2c1d4 quarantined: 2 CRITICAL`. */
export const subjectOf = (b: Pick<NotifiedBuild, 'image' | 'commit'>, what: string) => `[imagefactory] ${buildName(b)} ${what}`.replace(/\s+/g, ' ').slice(0, 200);

/** The build at a glance: what, where, who, and the links to it. */
export function buildFacts(view: EmailView): EmailBlock[] {
  const { build, links } = view;
  const s = build.state;
  const facts: { label: string; value: string; href?: string }[] = [
    { label: 'Image', value: build.image },
    { label: 'Repository', value: build.repository, href: links.repository },
    { label: 'Commit', value: `${build.commit.sha.slice(0, 12)} (${build.commit.tag ?? build.commit.branch ?? build.commit.ref})`, href: links.commit },
    ...(links.pullRequest ? [{ label: 'Pull request', value: `#${links.pullRequest.number}`, href: links.pullRequest.url }] : []),
    { label: 'Requested by', value: `${build.requestedBy.login} (${build.trigger})` },
    { label: 'Build', value: build.buildId },
    { label: 'Status', value: s.step },
    ...(s.digest ? [{ label: 'Digest', value: s.digest }] : []),
    ...(s.tags.length > 0 ? [{ label: 'Tags', value: s.tags.join(', ') }] : []),
    ...(s.repository ? [{ label: 'Published to', value: s.repository }] : []),
    ...(s.promotedTo ? [{ label: 'Promoted to', value: s.promotedTo }] : []),
  ];
  const linkList = [
    ...(links.pullRequest ? [{ label: `Pull request #${links.pullRequest.number}`, href: links.pullRequest.url }] : []),
    ...(links.checkRun ? [{ label: 'Check run', href: links.checkRun }] : []),
    ...(links.commit ? [{ label: 'Commit', href: links.commit }] : []),
  ];
  return [{ facts }, ...(linkList.length > 0 ? [{ links: linkList }] : [])];
}

/**
 * How to take a decision: the comment on the pull request (or on an issue, for the default branch's head)
 * and the CLI command, each with the build named exactly.
 */
export function howToAct(view: EmailView, decisions: readonly ('approve' | 'reject' | 'release')[]): EmailBlock[] {
  const { build, links } = view;
  const comments = decisions.map((d) => `/${d} ${build.image} ${d === 'approve' ? '[reason]' : '<reason>'}`);
  const cli = decisions.map((d) => `imagefactory ${d} ${build.buildId} --reason "..."`);
  const where = links.pullRequest ? `on pull request #${links.pullRequest.number}` : build.github ? `on an issue of ${build.repository} (for the default branch's head commit)` : undefined;
  return [
    { heading: 'How to act' },
    ...(where ? [{ p: `Comment ${where}, one command on a line of its own (or use the buttons of the check run):` }, { commands: comments }, { p: 'Or from a shell:' }] : [{ p: 'From a shell:' }]),
    { commands: cli },
  ];
}
