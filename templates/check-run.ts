import type { ApprovalRule } from '../policies/build-rules.js';
import type { Severity } from '../manifest/types.js';
import type { DecisionKind } from '../workflows/image-build-handlers.js';
import type { BuildState, BuildStatus } from '../workflows/image-build-types.js';
import { findingsText } from './build-summary.js';
import { checkRunSummary } from './check-run-summary.js';
import { cutTo } from './markdown.js';

/** What a check run says about one build of an image at a commit. */
export interface CheckRunView {
  buildId: string;
  image: string;
  /** owner/name */
  repository: string;
  commitSha: string;
  state: BuildState;
  /** The approval rule in force (once the build is admitted): who may approve and who is still needed. */
  approval?: ApprovalRule;
  /** The scan's counts by severity, as kept with the build (every finding, not only the blocking ones). */
  scan?: { scanner: string; bySeverity: Partial<Record<Severity, number>> };
  /** The last lines of a failed build's log, oldest first. */
  logTail?: string[];
}

export type CheckRunStatus = 'queued' | 'in_progress' | 'completed';
export type CheckRunConclusion = 'success' | 'failure' | 'cancelled' | 'timed_out';

/** The decisions a check run offers as buttons; the identifier GitHub sends back is the decision's name. */
export type CheckRunActionId = Extract<DecisionKind, 'approve' | 'reject' | 'release'>;
export const CHECK_RUN_ACTION_IDS: readonly CheckRunActionId[] = ['approve', 'reject', 'release'];

export interface CheckRunAction {
  /** At most 20 characters (GitHub). */
  label: string;
  /** At most 40 characters (GitHub). */
  description: string;
  /** At most 20 characters (GitHub): a CheckRunActionId. */
  identifier: CheckRunActionId;
}

export interface CheckRunContent {
  status: CheckRunStatus;
  /** Set for a build that ended: it completes the check run. */
  conclusion?: CheckRunConclusion;
  title: string;
  /** Markdown, at most 65535 characters. */
  summary: string;
  /** Markdown shown under the summary (the complete lists the summary cuts short), at most 65535 characters. */
  text?: string;
  /** The decisions open to people now; empty removes the buttons. */
  actions: CheckRunAction[];
}

/** GitHub's limits on a check run's output. */
export const CHECK_RUN_TEXT_LIMIT = 65_535;
const TITLE_LIMIT = 120;

/** The check run's name on the commit: one per image. */
export const checkRunName = (image: string) => `imagefactory: ${image}`;

/** The decision a requested action's identifier stands for, or undefined for one that is not ours. */
export function checkRunActionOf(identifier: string): CheckRunActionId | undefined {
  return CHECK_RUN_ACTION_IDS.find((id) => id === identifier);
}

/**
 * How each state shows on GitHub. A build waiting for a person stays in progress (with its buttons):
 * GitHub's action_required would complete the run, and a completed run never returns to in progress. A
 * rejected image is a failure: it must not ship, so a required check keeps its pull request from merging.
 */
const SHOWN_AS: Record<BuildStatus, { status: CheckRunStatus; conclusion?: CheckRunConclusion }> = {
  queued: { status: 'queued' },
  building: { status: 'in_progress' },
  scanning: { status: 'in_progress' },
  quarantined: { status: 'in_progress' },
  awaiting_approval: { status: 'in_progress' },
  promoting: { status: 'in_progress' },
  succeeded: { status: 'completed', conclusion: 'success' },
  failed: { status: 'completed', conclusion: 'failure' },
  cancelled: { status: 'completed', conclusion: 'cancelled' },
  rejected: { status: 'completed', conclusion: 'failure' },
  expired: { status: 'completed', conclusion: 'timed_out' },
};

/** The buttons while a person is needed: Release / Reject in quarantine, Approve / Reject at the gate; none otherwise. */
export function checkRunActions(state: BuildState, approvalSatisfied: boolean): CheckRunAction[] {
  if (state.status === 'quarantined' && !state.quarantineDecision) {
    return [
      { label: 'Release', description: 'Release the image from quarantine', identifier: 'release' },
      { label: 'Reject', description: 'Reject the image: it is never published', identifier: 'reject' },
    ];
  }
  if (state.status === 'awaiting_approval' && !state.rejectedBy && !approvalSatisfied) {
    return [
      { label: 'Approve', description: 'Approve the promotion of this digest', identifier: 'approve' },
      { label: 'Reject', description: 'Reject the promotion of this image', identifier: 'reject' },
    ];
  }
  return [];
}

function title(view: CheckRunView, have: number, need: number): string {
  const { state, image } = view;
  const words =
    state.status === 'quarantined' && state.quarantineDecision ? `${state.quarantineDecision.verdict} from quarantine by ${state.quarantineDecision.by}`
    : state.status === 'quarantined' ? `quarantined (${findingsText(state)}): release or reject`
    : state.status === 'awaiting_approval' ? `awaiting approval (${have} of ${need})`
    : state.status === 'succeeded' ? (state.promotedTo ? `promoted to ${state.promotedTo.replace(/@sha256:.*$/, '')}` : `published to ${state.repository ?? 'its repository'}`)
    : state.status === 'failed' ? `failed: ${(state.error ?? 'see the summary').split('\n')[0]}`
    : state.step;
  return cutTo(`${image}: ${words}`.replace(/\s+/g, ' '), TITLE_LIMIT, '…');
}

/** The check run's status, conclusion, output and buttons for a build as it is now. */
export function checkRunContent(view: CheckRunView): CheckRunContent {
  const { summary, text, progress } = checkRunSummary(view);
  const shown = SHOWN_AS[view.state.status];
  return {
    ...shown,
    title: title(view, progress?.have ?? view.state.approvals.length, progress?.need ?? view.state.approvalsNeeded ?? 1),
    summary: cutTo(summary, CHECK_RUN_TEXT_LIMIT),
    ...(text ? { text: cutTo(text, CHECK_RUN_TEXT_LIMIT) } : {}),
    actions: checkRunActions(view.state, progress?.satisfied ?? false),
  };
}
