import { describe, expect, it } from '@jest/globals';
import type { ApprovalRule } from '../../../policies/build-rules.js';
import { approvalPrompt, PROMPT_BLOCK, type SlackBuildView } from '../../../templates/slack/approval-prompt.js';
import { buildIdParts, parseButtonValue, SLACK_ACTION_IDS } from '../../../templates/slack/button-value.js';
import { refusedClickReply, unmappedReason } from '../../../templates/slack/click-replies.js';
import { decidedPrompt, promptOutcome, withOutcome } from '../../../templates/slack/prompt-outcome.js';
import type { BuildState, BuildStatus } from '../../../workflows/image-build-types.js';

const SHA = '3f2c1d4e5f60718293a4b5c6d7e8f90112233445';
const BUILD = `github:42/acme/payments/api@${SHA}`;

function state(status: BuildStatus, extra: Partial<BuildState> = {}): BuildState {
  return { buildId: BUILD, image: 'api', status, step: status, author: 'alice', startedAt: '2026-12-01T10:00:00.000Z', updatedAt: '2026-12-01T10:05:00.000Z', tags: [], approvals: [], ...extra };
}

const rule: ApprovalRule = { required: true, approvers: [['role:security-reviewer']], min_approvals: 2, require_each: [], allow_self_approval: false, timeout: '72h', policies: [] };

const quarantined = state('quarantined', {
  findings: { vulnerabilities: 5, secrets: 1, blocking: 3, dbStatus: 'present' },
  verdict: {
    verdict: 'quarantine',
    reasons: ['2 CRITICAL vulnerabilities (fail_on: CRITICAL)', '1 secret found: aws-access-key-id in /app/creds'],
    warnings: [],
    blocking: [{ id: 'CVE-2099-0001', pkg: 'musl', severity: 'CRITICAL' }, { id: 'CVE-2099-0002', pkg: 'openssl', severity: 'CRITICAL' }, { id: 'CVE-2099-0004', pkg: 'zlib', severity: 'HIGH' }],
    ignored: [],
    expired: [],
    source: 'test',
  },
});

const view = (s: BuildState, over: Partial<SlackBuildView> = {}): SlackBuildView => ({
  buildId: BUILD,
  tenantId: 'github:42',
  image: 'api',
  repository: 'acme/payments',
  commitSha: SHA,
  state: s,
  scan: { scanner: 'trivy', bySeverity: { CRITICAL: 2, HIGH: 3 } },
  links: { pullRequest: { number: 7, url: 'https://github.com/acme/payments/pull/7' }, checkRun: 'https://github.com/acme/payments/runs/99', commit: `https://github.com/acme/payments/commit/${SHA}` },
  ...over,
});

const textOf = (m: { blocks: unknown[] }) => JSON.stringify(m.blocks);
const buttons = (m: { blocks: { type: string; elements?: unknown[] }[] }) => m.blocks.filter((b) => b.type === 'actions').flatMap((b) => (b.elements ?? []) as { action_id: string; value: string }[]);

describe('the Slack approval prompt', () => {
  it('says what, where, who asked, the findings and links, with Release / Reject for a quarantined image', () => {
    const m = approvalPrompt(view(quarantined), 'quarantine');
    expect(m.text).toBe('api@3f2c1d4 of acme/payments is quarantined (2 CRITICAL, 1 HIGH, 1 secret)');
    const all = textOf(m);
    for (const part of ['*Requested by*\\nalice', '`3f2c1d4`', 'CRITICAL 2 · HIGH 3 (1 blocking)', '`CVE-2099-0001` (musl, CRITICAL)', '`CVE-2099-0004` (zlib, HIGH)', '*Secrets*: *1* found', '<https://github.com/acme/payments/pull/7|pull request #7>', '<https://github.com/acme/payments/runs/99|check run>', '*Held because*: 2 CRITICAL']) {
      expect(all).toContain(part);
    }
    expect(buttons(m).map((b) => b.action_id)).toEqual([SLACK_ACTION_IDS.release, SLACK_ACTION_IDS.reject]);
    expect(buttons(m).map((b) => parseButtonValue(b.value))).toEqual([{ buildId: BUILD, tenantId: 'github:42' }, { buildId: BUILD, tenantId: 'github:42' }]);
  });

  it('asks for approval with Approve / Reject, saying how many are needed and not by whom it was started', () => {
    const m = approvalPrompt(view(state('awaiting_approval', { findings: { vulnerabilities: 0, secrets: 0, blocking: 0, dbStatus: 'present' }, verdict: { ...quarantined.verdict!, verdict: 'pass', reasons: [], blocking: [] } }), { scan: undefined, approval: rule }), 'approval');
    expect(buttons(m).map((b) => b.action_id)).toEqual([SLACK_ACTION_IDS.approve, SLACK_ACTION_IDS.reject]);
    expect(textOf(m)).toContain('no vulnerabilities found');
    expect(textOf(m)).toContain('Needs 2 approvals (0 so far); not alice, who started it.');
  });

  it('escapes what others wrote', () => {
    const m = approvalPrompt(view(state('awaiting_approval', { author: 'a<b>&c' })), 'approval');
    expect(textOf(m)).toContain('a&lt;b&gt;&amp;c');
  });
});

describe('a decided prompt', () => {
  it('shows who decided, when and the outcome under the title, its buttons removed', () => {
    const released = state('awaiting_approval', { ...quarantined, status: 'awaiting_approval', quarantineDecision: { verdict: 'released', by: 'sam', reason: 'accepted risk' } });
    const m = decidedPrompt(view(released), 'quarantine')!;
    expect(m.blocks.map((b) => b.block_id ?? b.type)).toEqual([PROMPT_BLOCK.title, PROMPT_BLOCK.outcome, 'section', 'section', 'context']);
    expect(textOf(m)).toContain(':unlock: *Released from quarantine by sam* <!date^1796119500^{date_short_pretty} at {time}|2026-12-01 10:05 UTC>: accepted risk');
    expect(m.text).toBe('api@3f2c1d4 of acme/payments is quarantined (2 CRITICAL, 1 HIGH, 1 secret) — released from quarantine by sam');
  });

  it('keeps the buttons while more approvals are needed, and replaces its outcome as it moves on', () => {
    const one = state('awaiting_approval', { approvalsNeeded: 2, approvals: [{ login: 'sam', roles: ['security-reviewer'], at: '2026-12-01T10:06:00.000Z' }] });
    const first = withOutcome(approvalPrompt(view(one), 'approval'), promptOutcome(one, 'approval')!);
    expect(buttons(first)).toHaveLength(2);
    expect(textOf(first)).toContain('Approved by sam (1 of 2 approvals)');
    const two = state('promoting', { approvalsNeeded: 2, approvals: [...one.approvals, { login: 'tia', roles: ['tenant-admin'], at: '2026-12-01T10:07:00.000Z' }] });
    const second = withOutcome(first, promptOutcome(two, 'approval')!);
    expect(buttons(second)).toEqual([]);
    expect(second.blocks.filter((b) => b.block_id === PROMPT_BLOCK.outcome)).toHaveLength(1);
    expect(second.text).toMatch(/waits for approval — approved by sam and tia$/);
  });

  it.each([
    [state('rejected', { rejectedBy: { login: 'sue', reason: 'not this week' } }), 'rejected by sue'],
    [state('expired'), 'expired: nobody approved it in time'],
    [state('cancelled', { cancelledBy: 'carol' }), 'cancelled by carol'],
    [state('failed'), 'ended (failed) before anyone decided'],
  ])('words the end of an approval: %#', (s, words) => {
    expect(decidedPrompt(view(s), 'approval')!.text.endsWith(` — ${words}`)).toBe(true);
  });

  it('is nothing while nobody decided', () => {
    expect(promptOutcome(quarantined, 'quarantine')).toBeUndefined();
    expect(promptOutcome(state('awaiting_approval'), 'approval')).toBeUndefined();
  });
});

describe('button values and refusals', () => {
  it('read a build of the tenant named, nothing else', () => {
    expect(buildIdParts({ buildId: BUILD, tenantId: 'github:42' })).toEqual({ repository: 'acme/payments', image: 'api' });
    expect(parseButtonValue(JSON.stringify({ build: BUILD, tenant: 'github:7' }))).toBeUndefined();
    expect(parseButtonValue('not json')).toBeUndefined();
    expect(parseButtonValue(undefined)).toBeUndefined();
  });

  it('tell an unmapped clicker how to be mapped and which roles may', () => {
    const text = refusedClickReply({ kind: 'approve', image: 'api', buildId: BUILD, slackUser: 'U0123ABCD', reason: unmappedReason({ ok: false, why: 'unmapped', email: 'dora@acme.com' }, 'U0123ABCD'), allowedBy: ['security-admin', 'security-reviewer'] });
    expect(text).toContain('by <@U0123ABCD>: *refused*, nothing changed');
    expect(text).toContain('the public email dora@acme.com');
    expect(text).toContain('`U0123ABCD: &lt;GitHub login&gt;` under `slack:` in tenant.yml');
    expect(text).toMatch(/Allowed for security-admin, security-reviewer\.$/);
  });
});
