import { describe, expect, it } from '@jest/globals';
import type { BuildState } from '../../../workflows/image-build-types.js';
import type { NotifiedBuild } from '../../../workflows/notification-types.js';
import { buildLinks, githubWebUrl } from '../../../templates/build-links.js';
import { emailMessage, type EmailView } from '../../../templates/email/email-message.js';

const state: BuildState = { buildId: 't/acme/api/api@3f2c1d4e5f60', image: 'api', status: 'quarantined', step: 'quarantined: 2 CRITICAL', author: 'alice', startedAt: '', updatedAt: '', tags: [], approvals: [] };
const build: NotifiedBuild = {
  buildId: 't/acme/api/api@3f2c1d4e5f60',
  tenantId: 't',
  repository: 'acme/api',
  image: 'api',
  commit: { sha: '3f2c1d4e5f60718293a4b5c6d7e8f90112233445', ref: 'refs/heads/main', branch: 'main' },
  github: { owner: 'acme', repo: 'api', pullRequest: 12 },
  requestedBy: { login: 'alice', channel: 'github' },
  trigger: 'pull_request',
  state,
};
const view = (patch: Partial<EmailView> & { state?: Partial<BuildState> }): EmailView => ({
  event: 'quarantined',
  at: '2026-12-01T10:00:00Z',
  links: buildLinks(build, githubWebUrl('https://api.github.com')),
  ...patch,
  build: { ...(patch.build ?? build), state: { ...state, ...patch.state } },
});

describe('emailMessage', () => {
  it('a quarantine: subject with what holds it, counts by severity, blocking ids, links, how to act; HTML escaped', () => {
    const mail = emailMessage(view({
      scan: { scanner: 'trivy', bySeverity: { CRITICAL: 2, HIGH: 5 } },
      state: {
        quarantinedAt: 'reg/imagefactory-quarantine/api:x',
        findings: { vulnerabilities: 7, secrets: 1, blocking: 2, dbStatus: 'present' },
        verdict: { verdict: 'quarantine', reasons: ['2 CRITICAL vulnerabilities (fail_on: CRITICAL): CVE-1 in openssl, CVE-2 in <zlib>', '1 secret found: aws-access-key-id in /app/.env'], warnings: [], blocking: [{ id: 'CVE-2024-0001', pkg: 'openssl', severity: 'CRITICAL' }, { id: 'CVE-2024-0002', pkg: '<zlib>', severity: 'CRITICAL' }], ignored: [], expired: [], source: 's' },
      },
    }));
    expect(mail.subject).toBe('[imagefactory] api@3f2c1d4 quarantined: 2 CRITICAL, 1 secret');
    expect(mail.text).toMatch(/^CRITICAL +2 +2$/m);
    expect(mail.text).toMatch(/^HIGH +5 +0$/m);
    expect(mail.text).toContain('- CVE-2024-0001 (CRITICAL) in openssl');
    expect(mail.text).toContain('/release api <reason>');
    expect(mail.text).toContain('imagefactory release t/acme/api/api@3f2c1d4e5f60 --reason "..."');
    expect(mail.text).toContain('on pull request #12');
    expect(mail.text).toContain('https://github.com/acme/api/pull/12');
    expect(mail.text).toContain('https://github.com/acme/api/commit/3f2c1d4e5f60718293a4b5c6d7e8f90112233445/checks');
    expect(mail.html).toContain('CVE-2024-0002 (CRITICAL) in &lt;zlib&gt;');
    expect(mail.html).not.toContain('<zlib>');
    expect(mail.html).toContain('href="https://github.com/acme/api/pull/12"');
  });

  it('an approval request: how many, who may, by when, the commands', () => {
    const approval = { required: true, approvers: [['role:security-reviewer']], min_approvals: 2, require_each: [], allow_self_approval: false, timeout: '72h', policies: ['production'] };
    const mail = emailMessage(view({ event: 'approval_requested', build: { ...build, approval }, state: { status: 'awaiting_approval', approvalsNeeded: 2, repository: 'reg/acme/api' } }));
    expect(mail.subject).toBe('[imagefactory] api@3f2c1d4 approval requested: 2 approvals needed');
    expect(mail.text).toContain('role:security-reviewer, not alice (who started it). Without enough approvals it expires after 72h.');
    expect(mail.text).toContain('/approve api [reason]');
    expect(mail.text).toContain('imagefactory approve t/acme/api/api@3f2c1d4e5f60 --reason "..."');
  });

  it('the other events in a few words; a local build has no links and only the CLI', () => {
    const local = { ...build, github: undefined };
    const mail = emailMessage({ event: 'rejected', at: '', links: buildLinks(local, 'https://github.com'), build: { ...local, state: { ...state, status: 'rejected', rejectedBy: { login: 'sam', reason: 'not this week' } } } });
    expect(mail.subject).toBe('[imagefactory] api@3f2c1d4 rejected by sam');
    expect(mail.text).toContain('Reason: not this week');
    expect(mail.text).not.toContain('https://');
    expect(githubWebUrl('https://ghe.acme.com/api/v3/')).toBe('https://ghe.acme.com');
  });
});
