import { describe, expect, it } from '@jest/globals';
import { oneImage, problemLines } from './check-helpers.js';

const approval = (...lines: string[]) => oneImage(['method: dockerfile', 'approval:', ...lines.map((l) => `  ${l}`)]);

describe('approval settings', () => {
  it('accepts role ids, aliases (system roles too: they may approve), logins and teams', () => {
    expect(problemLines(approval('required: true', 'approvers: ["role:security-admin", "role:owner", alice, "@acme/sec"]', 'require_each: ["role:security-reviewer"]'))).toEqual([]);
  });

  it('refuses unknown roles, pointing at the role name', () => {
    expect(problemLines(approval('approvers: ["role:reviewer"]', 'require_each: ["role:qa"]'))).toEqual([
      '6:25 unknown role "reviewer"; did you mean "viewer"? (at images.api.approval.approvers[0])',
      '7:28 unknown role "qa" (roles: system-admin, security-admin, platform-operator, global-auditor, tenant-admin, tenant-operator, security-reviewer, project-manager, build-engineer, developer, viewer; aliases: owner, admin, operator, member) (at images.api.approval.require_each[0])',
    ]);
  });

  it.each([
    ['30s', []],
    ['1h30m', []],
    ['7d', []],
    ['0m', ['6:16 the approval timeout must be longer than zero (at images.api.approval.timeout)']],
    ['"99999999999999999999d"', ['6:16 "99999999999999999999d" is too long a duration (at images.api.approval.timeout)']],
    ['72 hours', ['6:16 "72 hours" is not valid: a duration is a number and a unit (ms, s, m, h, d), such as 30s, 15m, 72h or 7d (at images.api.approval.timeout)']],
  ])('timeout %s', (timeout, expected) => {
    expect(problemLines(approval(`timeout: ${timeout}`))).toEqual(expected);
  });

  it('needs enough people for min_approvals when only logins are listed', () => {
    expect(problemLines(approval('approvers: [alice]', 'min_approvals: 2'))).toEqual([
      '7:22 min_approvals is 2 but approvers names only 1 person, and each person counts once (at images.api.approval.min_approvals)',
    ]);
    expect(problemLines(approval('approvers: [alice, bob]', 'min_approvals: 2'))).toEqual([]);
    expect(problemLines(approval('approvers: [alice, "@acme/sec"]', 'min_approvals: 5'))).toEqual([]);
  });
});
