import { describe, expect, it } from '@jest/globals';
import type { BuildState } from '../../../workflows/image-build-types.js';
import { notifyEvents } from '../../../workflows/notify-events.js';

const base: BuildState = { buildId: 'b', image: 'api', status: 'queued', step: 'queued', author: 'alice', startedAt: '', updatedAt: '', tags: [], approvals: [] };
const at = (patch: Partial<BuildState>): BuildState => ({ ...base, ...patch });

describe('notifyEvents: what a build has reached, from its state', () => {
  it('a build that passes straight through', () => {
    expect(notifyEvents(base)).toEqual(['queued']);
    expect(notifyEvents(at({ status: 'building' }))).toEqual(['queued']);
    expect(notifyEvents(at({ status: 'succeeded' }))).toEqual(['queued', 'succeeded']);
  });

  it('quarantine, release, the approval gate and promotion', () => {
    expect(notifyEvents(at({ status: 'quarantined', quarantinedAt: 'q' }))).toEqual(['queued', 'quarantined']);
    const released = { quarantinedAt: 'q', quarantineDecision: { verdict: 'released' as const, by: 'sam' } };
    expect(notifyEvents(at({ status: 'quarantined', ...released }))).toEqual(['queued', 'quarantined', 'released']);
    expect(notifyEvents(at({ status: 'awaiting_approval', ...released, approvalsNeeded: 1 }))).toEqual(['queued', 'quarantined', 'released', 'approval_requested']);
    expect(notifyEvents(at({ status: 'promoting', ...released, approvalsNeeded: 1 }))).toEqual(['queued', 'quarantined', 'released', 'approval_requested', 'approved']);
    expect(notifyEvents(at({ status: 'succeeded', approvalsNeeded: 1, promotedTo: 'r@sha256:1' }))).toEqual(['queued', 'approval_requested', 'approved', 'succeeded', 'promoted']);
  });

  it('every ending', () => {
    expect(notifyEvents(at({ status: 'failed' }))).toEqual(['queued', 'failed']);
    expect(notifyEvents(at({ status: 'cancelled' }))).toEqual(['queued', 'cancelled']);
    expect(notifyEvents(at({ status: 'rejected', quarantinedAt: 'q', quarantineDecision: { verdict: 'rejected', by: 'sam' } }))).toEqual(['queued', 'quarantined', 'rejected']);
    expect(notifyEvents(at({ status: 'rejected', approvalsNeeded: 1, rejectedBy: { login: 'sam' } }))).toEqual(['queued', 'approval_requested', 'rejected']);
    expect(notifyEvents(at({ status: 'expired', approvalsNeeded: 2 }))).toEqual(['queued', 'approval_requested', 'expired']);
  });
});
