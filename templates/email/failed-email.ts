import { eventWords } from '../event-words.js';
import type { EmailContent } from './email-blocks.js';
import { buildFacts, buildName, subjectOf, type EmailView } from './email-view.js';

const LOG_LINE_CHARS = 300;

/** A build that failed: why (subject and lead), its last log lines, and how to look and retry. */
export function failedEmail(view: EmailView): Omit<EmailContent, 'footer'> {
  const { build } = view;
  const error = build.state.error;
  // eslint-disable-next-line no-control-regex
  const tail = (view.logTail ?? []).map((l) => l.replace(/\u001b\[[0-9;]*[A-Za-z]/g, '').replace(/[\u0000-\u0008\u000b-\u001f\u007f]/g, '')).map((l) => (l.length > LOG_LINE_CHARS ? `${l.slice(0, LOG_LINE_CHARS)}…` : l));
  return {
    subject: subjectOf(build, eventWords('failed', build.state)),
    lead: `The build of ${buildName(build)} of ${build.repository} failed: ${error ?? 'no reason given'}.`,
    blocks: [
      ...buildFacts(view),
      ...(tail.length > 0 ? [{ heading: `The last ${tail.length} lines of the build log` }, { pre: tail }] : []),
      { heading: 'What next' },
      { p: 'The whole log, and a build again once fixed:' },
      { commands: [`imagefactory logs ${build.buildId}`, ...(build.github ? [`/retry ${build.image}   (a comment on the pull request, or on an issue for the default branch)`] : [])] },
    ],
  };
}
