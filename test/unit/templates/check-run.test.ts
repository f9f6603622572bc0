import { describe, expect, it } from '@jest/globals';
import type { ApprovalRule } from '../../../policies/build-rules.js';
import { CHECK_RUN_TEXT_LIMIT, checkRunActionOf, checkRunContent, checkRunName, type CheckRunView } from '../../../templates/check-run.js';
import { BUILD_STATUSES, type BuildState, type BuildStatus } from '../../../workflows/image-build-types.js';

const DIGEST = `sha256:${'ab'.repeat(32)}`;
const SHA = '60257c594f08aa11bb22cc33dd44ee55ff667788';

function state(status: BuildStatus, extra: Partial<BuildState> = {}): BuildState {
  return { buildId: 'acme/web/web@60257c594f08', image: 'web', status, step: status, author: 'alice', startedAt: '2026-12-01T10:00:00.000Z', updatedAt: '2026-12-01T10:05:00.000Z', tags: [], approvals: [], ...extra };
}

const rule = (over: Partial<ApprovalRule> = {}): ApprovalRule => ({ required: true, approvers: [['role:security-reviewer']], min_approvals: 1, require_each: [], allow_self_approval: false, timeout: '72h', policies: [], ...over });

const view = (s: BuildState, over: Partial<CheckRunView> = {}): CheckRunView => ({ buildId: s.buildId, image: s.image, repository: 'acme/web', commitSha: SHA, state: s, ...over });

const quarantined = state('quarantined', {
  digest: DIGEST,
  quarantinedAt: `127.0.0.1:5000/imagefactory-quarantine/acme/web@${DIGEST}`,
  findings: { vulnerabilities: 4, secrets: 1, blocking: 2, dbStatus: 'present' },
  verdict: {
    verdict: 'quarantine',
    reasons: ['2 CRITICAL vulnerabilities (fail_on: CRITICAL): CVE-2099-0001 in musl, CVE-2099-0002 in openssl', '1 secret found: aws-access-key-id in /app/config/credentials'],
    warnings: [],
    blocking: [{ id: 'CVE-2099-0001', pkg: 'musl', severity: 'CRITICAL' }, { id: 'CVE-2099-0002', pkg: 'openssl', severity: 'CRITICAL' }],
    ignored: [{ id: 'CVE-2099-0003', until: '2099-01-01', reason: 'not reachable' }],
    expired: [],
    source: 'test',
  },
});

describe('the check run of a build', () => {
  it('is named for the image and shows each state as GitHub statuses and conclusions', () => {
    expect(checkRunName('web')).toBe('imagefactory: web');
    const shown = Object.fromEntries(BUILD_STATUSES.map((s) => [s, (({ status, conclusion }) => (conclusion ? `${status}/${conclusion}` : status))(checkRunContent(view(state(s))))]));
    expect(shown).toEqual({
      queued: 'queued',
      building: 'in_progress',
      scanning: 'in_progress',
      quarantined: 'in_progress',
      awaiting_approval: 'in_progress',
      promoting: 'in_progress',
      succeeded: 'completed/success',
      failed: 'completed/failure',
      cancelled: 'completed/cancelled',
      rejected: 'completed/failure',
      expired: 'completed/timed_out',
    });
  });

  it('offers Release and Reject in quarantine, Approve and Reject at the gate, and nothing once decided or otherwise', () => {
    const ids = (v: CheckRunView) => checkRunContent(v).actions.map((a) => a.identifier);
    expect(ids(view(quarantined))).toEqual(['release', 'reject']);
    expect(ids(view({ ...quarantined, quarantineDecision: { verdict: 'released', by: 'sam' } }))).toEqual([]);
    expect(ids(view(state('awaiting_approval'), { approval: rule() }))).toEqual(['approve', 'reject']);
    expect(ids(view(state('awaiting_approval', { rejectedBy: { login: 'sam' } }), { approval: rule() }))).toEqual([]);
    expect(ids(view(state('awaiting_approval', { approvals: [{ login: 'sam', roles: ['security-reviewer'], at: 'x' }] }), { approval: rule() }))).toEqual([]);
    for (const s of BUILD_STATUSES.filter((x) => x !== 'quarantined' && x !== 'awaiting_approval')) expect(ids(view(state(s)))).toEqual([]);
    for (const a of [...checkRunContent(view(quarantined)).actions, ...checkRunContent(view(state('awaiting_approval'), { approval: rule() })).actions]) {
      expect(a.label.length).toBeLessThanOrEqual(20);
      expect(a.identifier.length).toBeLessThanOrEqual(20);
      expect(a.description.length).toBeLessThanOrEqual(40);
      expect(checkRunActionOf(a.identifier)).toBe(a.identifier);
    }
    expect(checkRunActionOf('rerun')).toBeUndefined();
  });

  it('summarizes a quarantined image: digest, where it is held, severity counts, the blocking findings, ignored ones, secrets', () => {
    const { title, summary } = checkRunContent(view(quarantined, { scan: { scanner: 'trivy', bySeverity: { CRITICAL: 2, HIGH: 1, LOW: 1 } } }));
    expect(title).toBe('web: quarantined (2 CRITICAL, 1 secret, 1 ignored, 1 below threshold): release or reject');
    expect(summary).toContain(`**Digest** \`${DIGEST}\``);
    expect(summary).toContain('**Held in quarantine** at `127.0.0.1:5000/imagefactory-quarantine/acme/web@');
    expect(summary).toContain('| severity | found | blocking |\n| - | - | - |\n| CRITICAL | 2 | 2 |\n| HIGH | 1 | 0 |\n| LOW | 1 | 0 |');
    expect(summary).toContain('| `CVE-2099-0001` | musl | CRITICAL |');
    expect(summary).toContain('| `CVE-2099-0002` | openssl | CRITICAL |');
    expect(summary).toContain('Ignored `CVE-2099-0003` until 2099-01-01: not reachable');
    expect(summary).toContain('Secrets: **1** found.');
    expect(summary).toContain('- 1 secret found: aws-access-key-id in /app/config/credentials');
    expect(summary).toMatch(/\*\*Release\*\* or \*\*Reject\*\*/);
  });

  it('names who approved, with roles and when, and who is still needed', () => {
    const r = rule({ min_approvals: 2, require_each: ['role:security-reviewer', '@acme/qa'], approvers: [['role:security-reviewer', '@acme/qa']] });
    const waiting = state('awaiting_approval', { digest: DIGEST, tags: ['60257c5', 'main'], repository: '127.0.0.1:5000/acme/web', approvals: [{ login: 'sam', roles: ['security-reviewer'], at: '2026-12-01T10:07:00.000Z', reason: 'looks | fine <b>' }] });
    const { title, summary, actions } = checkRunContent(view(waiting, { approval: r }));
    expect(title).toBe('web: awaiting approval (1 of 2)');
    expect(summary).toContain('**Tags** `60257c5`, `main`');
    expect(summary).toContain('| sam | `security-reviewer` | 2026-12-01T10:07:00.000Z | looks \\| fine \\<b\\> |');
    expect(summary).toContain('**Still needed**: 1 more approval (1 of 2 so far), among them one from each of `@acme/qa` (each a different person).');
    expect(summary).toContain('Who may approve: one of `role:security-reviewer`, `@acme/qa`, not alice (who started it).');
    expect(actions.map((a) => a.identifier)).toEqual(['approve', 'reject']);
  });

  it("holds a failed build's last 20 log lines in a fence no line can close, with its error", () => {
    const lines = Array.from({ length: 30 }, (_, i) => `step ${i + 1}`);
    lines[29] = 'echo ``` \u001b[31mred\u001b[0m done';
    const { title, summary, conclusion } = checkRunContent(view(state('failed', { error: 'the build failed: RUN exit 1 returned 1' }), { logTail: lines }));
    expect(conclusion).toBe('failure');
    expect(title).toBe('web: failed: the build failed: RUN exit 1 returned 1');
    expect(summary).toContain('The last 20 lines of the build log');
    expect(summary).not.toContain('step 10\n');
    expect(summary).toContain('````text\nstep 11\n');
    expect(summary).toContain('step 29\necho ``` red done\n````');
  });

  it("keeps to GitHub's limits however many findings there are", () => {
    const blocking = Array.from({ length: 5000 }, (_, i) => ({ id: `CVE-2099-${String(i).padStart(5, '0')}`, pkg: `package-with-a-long-name-${i}`, severity: 'CRITICAL' as const }));
    const big = { ...quarantined, verdict: { ...quarantined.verdict!, blocking }, findings: { ...quarantined.findings!, blocking: blocking.length } };
    const content = checkRunContent(view(big));
    expect(content.summary.length).toBeLessThanOrEqual(CHECK_RUN_TEXT_LIMIT);
    expect(content.summary).toContain('… and 4980 more (listed below the summary)');
    expect(content.text!.length).toBeLessThanOrEqual(CHECK_RUN_TEXT_LIMIT);
    expect(content.text).toMatch(/… \(cut to fit\)$/);
    expect(content.title.length).toBeLessThanOrEqual(120);
  });
});
