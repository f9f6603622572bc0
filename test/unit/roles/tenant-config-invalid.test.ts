import { describe, expect, it } from '@jest/globals';
import { parseTenantConfig } from '../../../manifest/tenant-config.js';
import { formatProblem } from '../../../manifest/problem.js';

/** Every problem of a tenant.yml, as `LINE:COL message (at PATH)`. */
function problems(lines: string[]): string[] {
  const result = parseTenantConfig(`${lines.join('\n')}\n`);
  return result.ok ? [] : result.problems.map((p) => formatProblem(p).replace(/^tenant\.yml:/, ''));
}

describe('tenant.yml mistakes are reported at their exact position', () => {
  it('an empty file, a syntax error, a wrong version, a missing version', () => {
    expect(problems(['# nothing here'])).toEqual(['1:1: tenant.yml is empty: it needs at least "version: 1"']);
    expect(problems(['version: 1', 'roles: [admin'])).toEqual(['3:1: YAML syntax error: Flow sequence in block collection must be sufficiently indented and end with a ]']);
    expect(problems(['version: 2'])).toEqual(['1:10: version must be 1 (the only tenant.yml version this Image Factory reads) (at version)']);
    expect(problems(['roles: {}'])).toEqual(['1:1: missing required key "version"']);
  });

  it('system roles are refused: they come from the app\'s configuration', () => {
    expect(problems(['version: 1', 'roles:', '  admin: ["@acme/leads"]', '  system-admin: [eve]', '  global-auditor: [eve]'])).toEqual([
      "4:3: system-admin is a system role: system roles come from the app's configuration, not from a repository (at roles.system-admin)",
      "5:3: global-auditor is a system role: system roles come from the app's configuration, not from a repository (at roles.global-auditor)",
    ]);
  });

  it('unknown roles, bad members, unknown methods and keys, bad quotas', () => {
    expect(problems([
      'version: 1',
      'roles:',
      '  developper: [bob]',
      '  viewer: ["acme/everyone"]',
      'build_methods: [dockerfile, kanico]',
      'quotas:',
      '  concurrent_builds: 0',
      '  build_per_day: 3',
      'quota: {}',
    ])).toEqual([
      '3:3: unknown role "developper"; did you mean "developer"? (at roles.developper)',
      '4:12: "acme/everyone" is not valid: a role member is a GitHub login or @org/team (at roles.viewer[0])',
      '5:29: unknown value "kanico"; did you mean "kaniko"? (allowed: dockerfile, buildx, kaniko, paketo, packer) (at build_methods[1])',
      '7:22: must be at least 1 (at quotas.concurrent_builds)',
      '8:3: unknown key "build_per_day"; did you mean "builds_per_day"? (at quotas.build_per_day)',
      '9:1: unknown key "quota"; did you mean "quotas"? (at quota)',
    ]);
  });

  it('scan and promotion policies are checked like a manifest image\'s scan and approval', () => {
    expect(problems([
      'version: 1',
      'policies:',
      '  scan:',
      '    Strict: { fail_on: [CRITICAL, HIGH] }',
      '    default:',
      '      ignore: [CVE-2024-0001, CVE-2024-0001, { id: CVE-2024-0002, until: 2026-02-30 }]',
      '      policy: other',
      '  promotion:',
      '    production:',
      '      approvers: ["role:securty-reviewer", alice]',
      '      min_approvals: 3',
      '      timeout: 0h',
      '    release: { approvers: [alice, bob], min_approvals: 3 }',
    ])).toEqual([
      '4:5: "Strict" is not a valid name: a policy name is lowercase letters, digits, "_" and "-" (at policies.scan.Strict)',
      '6:31: CVE-2024-0001 is ignored twice (also item 1) (at policies.scan.default.ignore[1])',
      '6:74: "2026-02-30" is not a real date (at policies.scan.default.ignore[2].until)',
      '7:7: unknown key "policy" (allowed: fail_on, ignore, allow_secrets, on_missing_db) (at policies.scan.default.policy)',
      '10:25: unknown role "securty-reviewer"; did you mean "security-reviewer"? (at policies.promotion.production.approvers[0])',
      '12:16: the approval timeout must be longer than zero (at policies.promotion.production.timeout)',
      '13:56: min_approvals is 3 but approvers names only 2 people, and each person counts once (at policies.promotion.release.min_approvals)',
    ]);
  });
});
