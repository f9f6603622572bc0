import type { NotifyEvent } from '../manifest/types.js';
import type { BuildState } from './image-build-types.js';

/** The statuses that end a build with an event of the same name. */
const ENDINGS: Partial<Record<BuildState['status'], NotifyEvent>> = { succeeded: 'succeeded', failed: 'failed', cancelled: 'cancelled', rejected: 'rejected', expired: 'expired' };

/**
 * Every event a build run has reached so far, in the order they happened, from its state alone: queued
 * (once admitted), quarantined, released, approval_requested, approved, then how it ended (succeeded,
 * failed, cancelled, rejected, expired), and promoted after a promotion. Judged from what the state keeps
 * (where the image was held, who released it, the approvals asked for), not from the step last seen, so
 * two changes seen at once still make both events; the notifier tells each new one once. Pure.
 */
export function notifyEvents(state: BuildState): NotifyEvent[] {
  const events: NotifyEvent[] = ['queued'];
  if (state.quarantinedAt !== undefined) events.push('quarantined');
  if (state.quarantineDecision?.verdict === 'released') events.push('released');
  if (state.approvalsNeeded !== undefined) {
    events.push('approval_requested');
    if (state.status === 'promoting' || state.status === 'succeeded') events.push('approved');
  }
  const ending = ENDINGS[state.status];
  if (ending) events.push(ending);
  if (state.status === 'succeeded' && state.promotedTo !== undefined) events.push('promoted');
  return events;
}
