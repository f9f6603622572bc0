import { findingsSummary, holdHeadline, type FindingsSummary } from '../findings-summary.js';
import type { EmailBlock, EmailContent } from './email-blocks.js';
import { buildFacts, buildName, howToAct, subjectOf, type EmailView } from './email-view.js';

/** Blocking findings listed by id; the rest are counted. */
const BLOCKING_LISTED = 50;

/** Counts by severity (found, blocking), the blocking ids, secrets and a missing database: the findings as the mail tells them. */
export function findingsBlocks(summary: FindingsSummary | undefined, scanner: string | undefined): EmailBlock[] {
  if (!summary) return [];
  const out: EmailBlock[] = [{ heading: 'Findings' }];
  if (summary.notScanned) out.push({ p: 'Vulnerabilities not scanned: the scanner had no vulnerability database.' });
  if (summary.counts.length > 0) out.push({ table: { head: ['severity', 'found', 'blocking'], rows: summary.counts.map((c) => [c.severity, String(c.found), String(c.blocking)]) } });
  else if (!summary.notScanned) out.push({ p: `No vulnerabilities found${scanner ? ` (${scanner})` : ''}.` });
  if (summary.blocking.length > 0) {
    const listed = summary.blocking.slice(0, BLOCKING_LISTED).map((b) => `${b.id} (${b.severity}) in ${b.pkg}`);
    const more = summary.blocking.length > BLOCKING_LISTED ? [`… and ${summary.blocking.length - BLOCKING_LISTED} more`] : [];
    out.push({ p: 'Blocking:' }, { list: [...listed, ...more] });
  }
  out.push({ p: `Secrets: ${summary.secrets === 0 ? 'none found' : `${summary.secrets} found`}.` });
  return out;
}

/** An image held in quarantine: what holds it (subject and lead), the findings, and how to release or reject it. */
export function quarantinedEmail(view: EmailView): Omit<EmailContent, 'footer'> {
  const summary = findingsSummary(view.build.state, view.scan?.bySeverity);
  const headline = holdHeadline(summary);
  return {
    subject: subjectOf(view.build, `quarantined: ${headline}`),
    lead: `${buildName(view.build)} of ${view.build.repository} is held in quarantine: ${headline}. Nothing is published under its release tags until someone who may approve images (a security reviewer) releases it.`,
    blocks: [
      ...buildFacts(view),
      ...(view.build.state.quarantinedAt ? [{ facts: [{ label: 'Held at', value: view.build.state.quarantinedAt }] }] : []),
      { heading: 'Why it is held' },
      { list: summary?.reasons ?? [] },
      ...findingsBlocks(summary, view.scan?.scanner),
      ...howToAct(view, ['release', 'reject']),
    ],
  };
}
