import type { CheckRunState } from './github-double/checks.js';

/** Which build status a check run's state shows, read from its title (`web: quarantined (...)`, `web: promoted to ...`). */
const SHOWN: [RegExp, string][] = [
  [/^[^:]+: queued$/, 'queued'],
  [/^[^:]+: building/, 'building'],
  [/^[^:]+: scanning/, 'scanning'],
  [/^[^:]+: (quarantined|released from quarantine)/, 'quarantined'],
  [/^[^:]+: awaiting approval/, 'awaiting_approval'],
  [/^[^:]+: promoting/, 'promoting'],
  [/^[^:]+: (promoted|published) to/, 'succeeded'],
  [/^[^:]+: failed/, 'failed'],
  [/^[^:]+: (cancelled|rejected|approval expired)/, 'ended'],
];

export function statusShown(s: Pick<CheckRunState, 'output'>): string {
  const title = s.output.title ?? '';
  return SHOWN.find(([re]) => re.test(title))?.[1] ?? `unknown (${title})`;
}

/** The build statuses a check run went through, in order, each once however many updates it had. */
export function statusesShown(states: CheckRunState[]): string[] {
  return states.map(statusShown).filter((s, i, all) => i === 0 || all[i - 1] !== s);
}

/** The requested actions' identifiers at each state. */
export const actionsOf = (s: Pick<CheckRunState, 'actions'>) => s.actions.map((a) => a.identifier);
